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

    /// <summary>
    /// The joint route has hundreds of divergences on Pastes at default settings, so its run here targets an acceptance
    /// rate of 0.99; the integrated fit at default settings must also match the long brms run (pastes.reference.csv:
    /// brms_frontier.R, 4 × 5000 draws at adapt_delta 0.99, provenance in its folder).
    /// </summary>
    [Fact]
    public void PastesNestedIntegratedMatchesJointAndBrms()
    {
        var a = AssertAgree(Pastes(EffectsRoute.Integrated), Pastes(EffectsRoute.Joint), jointAdaptDelta: 0.99);
        var reference = ReferenceComparison.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", "pastes.reference.csv"));
        var result = ReferenceComparison.Compare(reference, a.Summary);
        output.WriteLine($"pastes integrated vs brms: {result}");
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>Two crossed factors (8 × 6 levels, two replicates per cell) with correlated slopes on one of them.</summary>
    [Fact]
    public void CrossedIntegratedMatchesJoint()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bayesglmm-crossed-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, CrossedCsv());
        try
        {
            IStatisticalModel Model(EffectsRoute route) => ModelComposition.Prepare(
                new ModelSpec("crossed", path, "y ~ 1 + x + (1 + x | a) + (1 | b)", "gaussian", [], []) { Effects = route }).Model;
            AssertAgree(Model(EffectsRoute.Integrated), Model(EffectsRoute.Joint));
        }
        finally { File.Delete(path); }
    }

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

    /// <summary>y = 1 + 0.5 x + u_a + v_a x + w_b + ε, sd(u) 1, sd(v) 0.4, cor −0.3, sd(w) 0.7, σ 0.6 (fixed seed).</summary>
    private static string CrossedCsv()
    {
        var rng = new Numerics.Random.RandomStream(17, 7017);
        var u = new double[8];
        var v = new double[8];
        var w = new double[6];
        for (int i = 0; i < 8; i++)
        {
            double z1 = rng.NextStandardNormal(), z2 = rng.NextStandardNormal();
            u[i] = z1;
            v[i] = 0.4 * (-0.3 * z1 + Math.Sqrt(1 - 0.09) * z2);
        }
        for (int j = 0; j < 6; j++) w[j] = 0.7 * rng.NextStandardNormal();
        var sb = new System.Text.StringBuilder("a,b,x,y\n");
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 6; j++)
                for (int r = 0; r < 2; r++)
                {
                    double x = rng.NextStandardNormal();
                    double y = 1 + 0.5 * x + u[i] + v[i] * x + w[j] + 0.6 * rng.NextStandardNormal();
                    sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i},b{j},{x:R},{y:R}\n");
                }
        return sb.ToString();
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
