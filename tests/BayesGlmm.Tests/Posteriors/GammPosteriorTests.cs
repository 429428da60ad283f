// The GAMM y ~ 0 + Intercept + s(x) + (1 | g) against a long brms/Stan run: every sign-free parameter, and the fitted curve.
using BayesGlmm.Analysis.Smooths;
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
            var curve = SmoothCurves.Contribution(Assert.Single(model.Frame.Smooths), fit.Draws, Enumerable.Range(0, 41).Select(i => 0.25 * i).ToArray());
            Assert.NotNull(curve);
            var curveReference = ReferenceComparison.Read(Path.Combine(folder, "gamm_curve.reference.csv"));
            var points = ReferenceComparison.Compare(curveReference, Values(PosteriorSummary.Compute(curve)));
            Assert.True(points.Passed, points.ToString());
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    private static Dictionary<string, SummaryValues> Values(IEnumerable<SummaryRow> rows) =>
        rows.ToDictionary(r => r.Variable, r => new SummaryValues(r.Mean, r.Sd, r.McseMean, r.McseSd, r.EssBulk, r.Rhat));
}
