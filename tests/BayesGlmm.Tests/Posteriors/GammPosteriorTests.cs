// The GAMM y ~ 0 + Intercept + s(x) + (1 | g) against a long brms/Stan run: every sign-free parameter, and the fitted curve.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.Tests.Posteriors;

/// <summary>
/// Fits models/gamm.json at its settings (4 chains × 2000 draws: the intercept beside 20 group intercepts mixes slowly enough that 1000 leave R-hat at the 1.01 bound) and compares it with the long Stan run of brms in
/// Reference/posteriors (brms_gamm.R). The smooth's coefficients bs_ and s_ multiply basis columns whose signs are
/// arbitrary (mgcv's and ours agree up to the sign of each column), so they are compared through what does not depend
/// on the signs: the fitted curve f(x) = X_s(x) bs + Z_s(x) s at 41 grid points, each within the comparison tool's bound
/// in Monte Carlo standard errors, as are b_Intercept, sds_sx_1, sd_g__Intercept, sigma and every r_g.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GammPosteriorTests
{
    [Fact]
    public void PosteriorAndFittedCurveMatchTheLongStanRun()
    {
        string repository = PosteriorMatchTests.RepositoryRoot();
        var file = ModelFile.Load(Path.Combine(repository, "models", "gamm.json"));
        string output = Path.Combine(Path.GetTempPath(), $"bayesglmm-posterior-gamm-{Guid.NewGuid():N}");
        try
        {
            var fit = FitService.Run(file.Model, file.Settings, new FitOutputOptions(output));
            string folder = Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors");
            var ours = Values(fit.Summary);
            var reference = ReferenceComparison.Read(Path.Combine(folder, "gamm.reference.csv"));
            var parameters = ReferenceComparison.Compare(reference, ours,
                include: n => !n.StartsWith("bs_", StringComparison.Ordinal) && !n.StartsWith("s_", StringComparison.Ordinal));
            Assert.True(parameters.Passed, parameters.ToString());
            Assert.Equal(0, fit.Diagnostics.Divergences);
            // The printed summary as brms's: a Smooth Terms section with sds(sx_1), sx_1 among the population-level effects, no s_.
            Assert.Contains("Smooth Terms:", fit.SummaryText);
            Assert.Contains("sds(sx_1)", fit.SummaryText);
            Assert.DoesNotContain("s_sx_1[", fit.SummaryText);
            Assert.True(fit.SummaryText.IndexOf("Smooth Terms:", StringComparison.Ordinal) < fit.SummaryText.IndexOf("Group-Level Effects:", StringComparison.Ordinal));

            var model = (GlmmModel)ModelComposition.Prepare(file.Model).Model;
            var curve = Curve(model, fit.Draws, Enumerable.Range(0, 41).Select(i => 0.25 * i).ToArray());
            var curveReference = ReferenceComparison.Read(Path.Combine(folder, "gamm_curve.reference.csv"));
            var points = ReferenceComparison.Compare(curveReference, Values(PosteriorSummary.Compute(curve)));
            Assert.True(points.Passed, points.ToString());
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>f[k] = X_s(x_k) bs + Z_s(x_k) s per draw, chain by chain (the basis evaluated at new x as mgcv's PredictMat).</summary>
    private static Draws Curve(GlmmModel model, Draws draws, double[] grid)
    {
        var term = Assert.Single(model.Frame.Smooths);
        var part = Assert.Single(term.Evaluate(grid));
        var result = new Draws(grid.Select((_, k) => $"f[{k + 1}]").ToArray(), draws.ChainCount, draws.IterationCount);
        var bs = part.FixedNames.Select(n => draws.IndexOf("bs_" + n)).ToArray();
        var s = part.CoefficientNames.Select(draws.IndexOf).ToArray();
        Assert.DoesNotContain(-1, bs);
        Assert.DoesNotContain(-1, s);
        for (int c = 0; c < draws.ChainCount; c++)
            for (int k = 0; k < grid.Length; k++)
            {
                var f = result.Chain(k, c);
                for (int j = 0; j < bs.Length; j++)
                {
                    var values = draws.Chain(bs[j], c);
                    for (int t = 0; t < f.Length; t++) f[t] += part.Fixed[k, j] * values[t];
                }
                for (int j = 0; j < s.Length; j++)
                {
                    var values = draws.Chain(s[j], c);
                    for (int t = 0; t < f.Length; t++) f[t] += part.Random[k, j] * values[t];
                }
            }
        return result;
    }

    private static Dictionary<string, SummaryValues> Values(IEnumerable<SummaryRow> rows) =>
        rows.ToDictionary(r => r.Variable, r => new SummaryValues(r.Mean, r.Sd, r.McseMean, r.McseSd, r.EssBulk, r.Rhat));
}
