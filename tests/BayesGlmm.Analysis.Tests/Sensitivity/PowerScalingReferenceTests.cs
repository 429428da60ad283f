// Power-scaling sensitivity against priorsense on the two reference cases, to the tolerances of the fixture's notes.
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Tests.Sensitivity;

public sealed class PowerScalingReferenceTests
{
    public static TheoryData<string> Cases => new() { "conflict", "weak" };

    private static void Near(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(Cases))]
    public void SensitivitiesDistancesAndDiagnosesMatchPriorsense(string name)
    {
        var fixture = SensitivityFixture.Load(name);
        PowerScalingResult result = PowerScaling.Analyze(fixture.Parameters, fixture.LogPrior, fixture.LogLikelihood);
        Assert.Equal(fixture.Expected.Select(e => e["variable"]), result.Rows.Select(r => r.Variable));
        foreach (var (row, expected) in result.Rows.Zip(fixture.Expected))
        {
            double E(string column) => SensitivityFixture.Number(expected[column]);
            Near(E("prior"), row.Prior, 1e-8, $"{name} {row.Variable} prior");
            Near(E("likelihood"), row.Likelihood, 1e-8, $"{name} {row.Variable} likelihood");
            Near(E("cjs_prior_lower"), row.CjsPriorLower, 1e-8, $"{name} {row.Variable} cjs_prior_lower");
            Near(E("cjs_prior_upper"), row.CjsPriorUpper, 1e-8, $"{name} {row.Variable} cjs_prior_upper");
            Near(E("cjs_likelihood_lower"), row.CjsLikelihoodLower, 1e-8, $"{name} {row.Variable} cjs_likelihood_lower");
            Near(E("cjs_likelihood_upper"), row.CjsLikelihoodUpper, 1e-8, $"{name} {row.Variable} cjs_likelihood_upper");
            Assert.Equal(expected["diagnosis"], row.DiagnosisText);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParetoDiagnosticsMatchPriorsense(string name)
    {
        var fixture = SensitivityFixture.Load(name);
        PowerScalingResult result = PowerScaling.Analyze(fixture.Parameters, fixture.LogPrior, fixture.LogLikelihood);
        Assert.Equal(4, result.Smoothing.Count);
        foreach (var expected in fixture.Psis)
        {
            var component = expected["component"] == "prior" ? PowerScalingComponent.Prior : PowerScalingComponent.Likelihood;
            double alpha = SensitivityFixture.Number(expected["alpha"]);
            PowerScalingSmoothing s = result.Smoothing.Single(x => x.Component == component && x.Alpha == alpha);
            string what = $"{name} {component} {alpha}";
            double E(string column) => SensitivityFixture.Number(expected[column]);
            Near(E("r_eff"), s.RelativeEfficiency, 1e-8, $"{what} r_eff");
            Assert.Equal((int)E("ndraws_tail"), s.TailLength);
            Near(E("pareto_k"), s.ParetoK, 1e-8, $"{what} pareto_k");
            Near(E("min_ss"), s.MinSampleSize, 1e-8 * E("min_ss"), $"{what} min_ss");
            Near(E("khat_threshold"), s.KhatThreshold, 1e-12, $"{what} khat_threshold");
            Near(E("convergence_rate"), s.ConvergenceRate, 1e-8, $"{what} convergence_rate");
            Assert.False(s.IsHighK);

            double[] weights = fixture.Weights[$"{expected["component"]}_{expected["alpha"]}"];
            ReadOnlySpan<double> actual = s.NormalizedLogWeights.Span;
            for (int i = 0; i < weights.Length; i++)
                Near(weights[i], actual[i], 1e-9, $"{what} weight {i + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticDerivativesMatchPriorsense(string name)
    {
        var fixture = SensitivityFixture.Load(name);
        foreach (var expected in fixture.Expected)
        {
            double[] x = fixture.Parameters.AllChains(fixture.Parameters.IndexOf(expected["variable"])).ToArray();
            double E(string column) => SensitivityFixture.Number(expected[column]);
            Near(E("psens_mean_prior"), PowerScalingDerivative.Mean(x, fixture.LogPrior), 1e-8, "mean prior");
            Near(E("psens_sd_prior"), PowerScalingDerivative.Sd(x, fixture.LogPrior), 1e-8, "sd prior");
            Near(E("psens_mean_likelihood"), PowerScalingDerivative.Mean(x, fixture.LogLikelihood), 1e-8, "mean likelihood");
            Near(E("psens_sd_likelihood"), PowerScalingDerivative.Sd(x, fixture.LogLikelihood), 1e-8, "sd likelihood");
        }
    }

    [Fact]
    public void ConflictingPriorIsFlaggedAsPriorDataConflict()
    {
        var fixture = SensitivityFixture.Load("conflict");
        PowerScalingResult result = PowerScaling.Analyze(fixture.Parameters, fixture.LogPrior, fixture.LogLikelihood);
        Assert.Equal(SensitivityDiagnosis.PriorLikelihoodConflict, result.Rows.Single(r => r.Variable == "mu").Diagnosis);
        Assert.Equal(SensitivityDiagnosis.None, result.Rows.Single(r => r.Variable == "sigma").Diagnosis);
    }

    [Fact]
    public void WeakDataIsFlaggedAsStrongPriorWeakLikelihood()
    {
        var fixture = SensitivityFixture.Load("weak");
        PowerScalingResult result = PowerScaling.Analyze(fixture.Parameters, fixture.LogPrior, fixture.LogLikelihood);
        Assert.Equal(SensitivityDiagnosis.StrongPriorWeakLikelihood, result.Rows.Single(r => r.Variable == "mu").Diagnosis);
    }

    [Fact]
    public void ReadingLogDensitiesFromTheDrawsGivesTheSameResult()
    {
        var fixture = SensitivityFixture.Load("conflict");
        PowerScalingResult direct = PowerScaling.Analyze(fixture.Parameters, fixture.LogPrior, fixture.LogLikelihood);
        PowerScalingResult fromDraws = PowerScaling.Analyze(fixture.WithLogDensities);
        Assert.Equal(direct.Rows, fromDraws.Rows);
        Assert.Equal("all priors", fromDraws.PriorSelection);
    }
}
