// `estimate` against lme4 (lmer REML and ML; glmer Laplace and nAGQ = 5, 10) and glmmTMB on the shared data sets: estimates to 1e-3 relative, logLik to 1e-3.
using BayesGlmm.Estimation;

namespace BayesGlmm.Tests.Estimation;

public sealed class Lme4ReferenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in Lme4Reference.Models())
            foreach (string method in model.Methods)
                if (model.Name != "insteval") data.Add(model.Name, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EstimatesMatchLme4(string name, string method) => Check(name, method);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("insteval", "reml")]
    [InlineData("insteval", "ml")]
    public void CrossedInstEvalMatchesLme4(string name, string method) => Check(name, method);

    /// <summary>
    /// Every variable lme4 reports: estimates within 1e-3 relative (1e-3 absolute for correlations and for an sd lme4 puts at
    /// 0, where a relative error has no meaning), standard errors within 1e-2 relative, logLik within 1e-3, the same singular verdict.
    /// </summary>
    private static void Check(string name, string method)
    {
        var model = Lme4Reference.Models().Single(m => m.Name == name);
        var reference = Lme4Reference.Estimates(name, method);
        var result = EstimateService.Run(Lme4Reference.Spec(model), Lme4Reference.Options(method));
        var ours = result.Rows.ToDictionary(r => r.Variable);
        var failures = new List<string>();
        foreach (var (variable, (estimate, se)) in reference)
        {
            switch (variable)
            {
                case "objective":
                    continue;
                case "singular":
                    if ((estimate == 1) != result.Singular) failures.Add($"singular: lme4 {estimate}, ours {result.Singular}");
                    continue;
                case "logLik":
                    if (Math.Abs(result.Lme4LogLikelihood - estimate) > 1e-3) failures.Add($"logLik: lme4 {estimate:R}, ours {result.Lme4LogLikelihood:R}");
                    continue;
            }
            if (!ours.TryGetValue(Lme4Reference.OurName(name, variable), out var row)) { failures.Add($"{variable}: missing"); continue; }
            bool absolute = variable.StartsWith("cor_", StringComparison.Ordinal) || Math.Abs(estimate) < 1e-6;
            double tolerance = absolute ? 1e-3 : 1e-3 * Math.Abs(estimate);
            if (!(Math.Abs(row.Estimate - estimate) <= tolerance) && !(double.IsNaN(estimate) && double.IsNaN(row.Estimate)))
                failures.Add($"{variable}: lme4 {estimate:R}, ours {row.Estimate:R}");
            if (!double.IsNaN(se) && !(Math.Abs(row.StandardError - se) <= 1e-2 * se))
                failures.Add($"se of {variable}: lme4 {se:R}, ours {row.StandardError:R}");
        }
        Assert.True(failures.Count == 0, $"{name} {method} (logLik {result.LogLikelihood:R}, {result.Iterations} iterations, converged {result.Converged}):\n" + string.Join("\n", failures));
    }
}
