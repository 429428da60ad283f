// Small clusters (one observation each) sample cleanly at default settings: pumps on both routes, seeds on the joint beta route.
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Hglm;

/// <summary>
/// Issue 5, item 5: no divergent transitions at default settings (4 chains, 1000 + 1000, adapt_delta 0.8, seed 1) on
/// pumps (10 pumps, one count each; Poisson–gamma) and seeds (21 plates, one binomial count each, with covariates, so
/// the beta effects are sampled non-centred), and R-hat ≤ 1.01 on every reported quantity.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SmallClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("pumps", false)]
    [InlineData("pumps", true)]
    [InlineData("seeds", true)]
    public void SamplesWithoutDivergencesAtDefaultSettings(string name, bool joint)
    {
        var model = (HglmModel)HglmFits.Catalogue(name, joint);
        Assert.Equal(!joint, model.IsMarginalised);
        var fit = HglmFits.Run(model, new SamplerOptions());
        double maxRhat = fit.Rows.Max(r => r.Rhat), minEss = fit.Rows.Min(r => r.EssBulk);
        output.WriteLine($"{name} ({(joint ? "joint" : "marginal")}): {fit.Divergences} divergences, max R-hat {maxRhat:F3}, min bulk ESS {minEss:F0}");
        Assert.Equal(0, fit.Divergences);
        Assert.True(maxRhat <= 1.01, $"max R-hat {maxRhat}");
    }
}
