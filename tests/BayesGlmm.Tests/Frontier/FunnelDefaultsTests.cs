// Issue 16's funnel cases at the default sampler settings: no divergent transition, R-hat ≤ 1.01, bulk ESS ≥ 400, and the long brms run matched.
using BayesGlmm.Fitting;
using BayesGlmm.Tests.Hglm;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Frontier;

/// <summary>
/// Student-t group effects on cbpp (models/cbpp_student.json: <c>(1 | gr(herd, dist = "student"))</c>), where Stan's
/// leapfrog at adapt_delta 0.8 has about 200 divergent transitions and a df with bulk ESS near 230, sampled at the model
/// file's settings and the sampler's defaults (Fisher low-rank adaptation, 300 warmup iterations, mode start, WALNUTS; seed 1).
/// Pastes at the defaults is <c>IntegratedRouteAgreementTests.PastesNestedIntegratedMatchesJointAndBrms</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FunnelDefaultsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void StudentEffectsOnCbppSampleCleanlyAtTheDefaultsAndMatchBrms()
    {
        var file = ModelFile.Load(Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", "cbpp_student.json"));
        var model = ModelComposition.Prepare(file.Model).Model;
        var fit = HglmFits.Run(model, file.Settings);
        var reported = fit.Rows.Where(r => r.Variable != "lp__").ToList();
        double maxRhat = reported.Max(r => r.Rhat), minEss = reported.Min(r => r.EssBulk);
        output.WriteLine($"divergences {fit.Divergences}, max R-hat {maxRhat:F4}, min bulk ESS {minEss:F0}");
        Assert.Equal(0, fit.Divergences);
        Assert.True(maxRhat <= 1.01, $"max R-hat {maxRhat:F4} ({reported.MaxBy(r => r.Rhat)!.Variable})");
        Assert.True(minEss >= 400, $"min bulk ESS {minEss:F0} ({reported.MinBy(r => r.EssBulk)!.Variable})");
        var reference = ReferenceComparison.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", "cbpp_student.reference.csv"));
        var result = ReferenceComparison.Compare(reference, fit.Summary);
        output.WriteLine($"cbpp_student vs brms: {result}");
        Assert.True(result.Passed, result.ToString());
    }
}
