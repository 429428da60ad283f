// The routes that integrate normal effects out give the joint route's posterior within Monte Carlo error, and the brms references.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Sampling;
using BayesGlmm.Tests.Hglm;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Integrated;

/// <summary>
/// Marginal × exact conditional is the joint posterior, so each integrated route must agree in distribution with the
/// joint route on every reported quantity (b, sd, cor, sigma, every r_) and on log_lik and y_rep. Each model is fitted
/// both ways at default settings and every mean and sd compared with the reference tests' comparator (|z| in combined
/// MCSE under the family-wise bound, ess_bulk ≥ 400, R-hat ≤ 1.01); the integrated route must have no divergences.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IntegratedRouteAgreementTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SamplerOptions Options = new() { Seed = 41 };

    [Fact]
    public void SleepstudyIntegratedMatchesJointAndBrms()
    {
        var integrated = Catalogue("sleepstudy", EffectsRoute.Integrated);
        var a = AssertAgree(integrated, Catalogue("sleepstudy", EffectsRoute.Joint));
        var reference = ReferenceComparison.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", "sleepstudy.reference.csv"));
        var result = ReferenceComparison.Compare(reference, a.Summary);
        output.WriteLine($"sleepstudy integrated vs brms: {result}");
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>The joint route has hundreds of divergences on Pastes at default settings, so its reference run targets an acceptance rate of 0.99.</summary>
    [Fact]
    public void PastesNestedIntegratedMatchesJoint() =>
        AssertAgree(Pastes(EffectsRoute.Integrated), Pastes(EffectsRoute.Joint), jointAdaptDelta: 0.99);

    [Fact]
    public void CbppQuadratureMatchesJoint() =>
        AssertAgree(Catalogue("cbpp", EffectsRoute.Quadrature), Catalogue("cbpp", EffectsRoute.Joint));

    /// <summary>
    /// Both fits, compared with the joint fit as the reference: the integrated fit must meet the comparator's ESS and R-hat
    /// rules as well as agree within combined MCSE.
    /// </summary>
    private HglmFit AssertAgree(IStatisticalModel integrated, IStatisticalModel joint, double jointAdaptDelta = 0.8)
    {
        Assert.Contains(((GlmmModel)integrated).Structure.Blocks, b => b is IntegratedEffectBlock);
        var a = HglmFits.Run(integrated, Options, predictive: true);
        var b = HglmFits.Run(joint, Options with { Seed = 42, AdaptDelta = jointAdaptDelta }, predictive: true);
        var result = ReferenceComparison.Compare(b.Summary, a.Summary);
        output.WriteLine($"integrated vs joint: {result}; divergences {a.Divergences} (integrated), {b.Divergences} (joint)");
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(0, a.Divergences);
        return a;
    }

    private static IStatisticalModel Catalogue(string name, EffectsRoute route)
    {
        var file = ModelFile.Load(Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", name + ".json"));
        return ModelComposition.Prepare(file.Model with { Effects = route }).Model;
    }

    /// <summary>lme4's Pastes: strength of 10 batches × 3 casks × 2 assays, casks nested in batches (brms's default priors).</summary>
    private static IStatisticalModel Pastes(EffectsRoute route) =>
        ModelComposition.Prepare(new ModelSpec("pastes", Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", "pastes.csv"),
            "strength ~ 1 + (1 | batch/cask)", "gaussian", [], []) { Effects = route }).Model;
}
