// HierarchicalCentring.Auto centres a nested pair only where the data say more about each inner level than its prior does.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Glmm;

public sealed class CentringEvidenceTests
{
    /// <summary>
    /// Two outer levels of two inner levels: z = (0, 2 | 1, 3) deviates by ±1 from its outer means, so the pooled within
    /// variance is 4/2 = 2 and τ_A² = 2 − v̄; the inner levels are centred when τ_A² reaches four times the median v.
    /// </summary>
    [Theory]
    [InlineData(0.25, 1.75, true)]
    [InlineData(0.5, 1.5, false)]
    [InlineData(1.5, 0.5, false)]
    [InlineData(3.0, 0.0, false)]
    public void TheInnerVarianceIsTheMomentEstimateWithinTheOuterLevels(double v, double innerVariance, bool centres)
    {
        var evidence = CentringEvidence.FromWorkingEstimates([0, 2, 1, 3], [v, v, v, v], [0, 0, 1, 1], 2)!;
        Assert.Equal(innerVariance, evidence.InnerVariance, 12);
        Assert.Equal(v, evidence.SamplingVariance, 12);
        Assert.Equal(centres, evidence.CentresInner);
    }

    /// <summary>
    /// The outer sd² from the outer means: z = (0, 2 | 10, 12) with v = ¼ has τ_A² = 1.75 and outer means 1 and 11, whose
    /// variance 50 less the noise (1.75 + 0.25)/2 leaves 49; with z = (0, 2 | 1, 3) the outer means differ by less than
    /// the noise, so the outer level is not centred.
    /// </summary>
    [Fact]
    public void TheOuterVarianceIsTheSpreadOfTheOuterMeansLessTheirNoise()
    {
        var spread = CentringEvidence.FromWorkingEstimates([0, 2, 10, 12], [0.25, 0.25, 0.25, 0.25], [0, 0, 1, 1], 2)!;
        Assert.Equal(49.0, spread.OuterVariance, 12);
        Assert.Equal(2.0, spread.InnerPerOuter);
        Assert.True(spread.CentresOuter);
        var close = CentringEvidence.FromWorkingEstimates([0, 2, 1, 3], [0.25, 0.25, 0.25, 0.25], [0, 0, 1, 1], 2)!;
        Assert.Equal(0.0, close.OuterVariance);
        Assert.True(close.CentresInner);
        Assert.False(close.CentresOuter);
    }

    /// <summary>Outer levels that each hold one inner level leave no within spread to estimate: no evidence.</summary>
    [Fact]
    public void OneInnerLevelPerOuterLevelGivesNoEvidence() =>
        Assert.Null(CentringEvidence.FromWorkingEstimates([0, 2, 1], [0.1, 0.1, 0.1], [0, 1, 2], 3));

    /// <summary>
    /// Gaussian: inner levels (1, 3 | 10, 12) of two observations each, ±0.5 around their means, so s² = 4 · 0.5 / 4 = 0.5
    /// and v = s²/2 = 0.25; the level means deviate by ±1 within their outer levels, so τ_A² = 2 − 0.25.
    /// </summary>
    [Fact]
    public void GaussianLevelsUseTheirMeansAndThePooledWithinVariance()
    {
        var frame = Nested(outer: 2, inner: 2, perInner: 2, FamilySpec.Parse("gaussian"), (g, k) => new[] { 1.0, 3.0, 10.0, 12.0 }[g] + (k == 0 ? -0.5 : 0.5));
        var evidence = Evidence(frame, FamilySpec.Parse("gaussian"))!;
        Assert.Equal(0.25, evidence.SamplingVariance, 12);
        Assert.Equal(1.75, evidence.InnerVariance, 12);
    }

    /// <summary>
    /// Poisson, the design of models/sbc_nested.json (8 groups × 3 subgroups × 2 observations) with counts of 0–2: the
    /// subgroups' data say little (v ≈ 0.4–2), so Auto keeps the pair non-centred; asked for, the nested form is built.
    /// Where the subgroups hold 8 observations of counts near 10 that differ between subgroups, Auto centres them.
    /// </summary>
    [Fact]
    public void AutoCentresTheInnerLevelsOnlyWhereTheirDataOutweighTheirPrior()
    {
        var poisson = FamilySpec.Parse("poisson");
        var weak = Nested(outer: 8, inner: 3, perInner: 2, poisson, (g, k) => (g * 7 + k * 3) % 5 == 0 ? 2 : (g + k) % 2);
        Assert.False(Evidence(weak, poisson)!.CentresInner);
        Assert.DoesNotContain(Blocks(weak, poisson, HierarchicalCentring.Auto), b => b is NestedCentredEffects);
        Assert.Contains(Blocks(weak, poisson, HierarchicalCentring.Nested), b => b is NestedCentredEffects);

        var informed = Nested(outer: 8, inner: 3, perInner: 8, poisson, (g, k) => Math.Round(Math.Exp(2.3 + 0.8 * Math.Sin(1.7 * g)) + k % 3));
        Assert.True(Evidence(informed, poisson)!.CentresInner);
        Assert.Contains(Blocks(informed, poisson, HierarchicalCentring.Auto), b => b is NestedCentredEffects);
        Assert.Equal(["g in h: nested"], GlmmModel.Create(informed, poisson, [], new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Auto }).CentredPairs);
        Assert.Empty(GlmmModel.Create(weak, poisson, [], new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Auto }).CentredPairs);
    }

    /// <summary>A family without a working scale here gives no evidence, and Auto leaves its pairs non-centred.</summary>
    [Fact]
    public void FamiliesWithoutAWorkingScaleAreNotCentredByAuto()
    {
        var gamma = FamilySpec.Parse("gamma(log)");
        var frame = Nested(outer: 8, inner: 3, perInner: 8, gamma, (g, k) => Math.Exp(1 + Math.Sin(1.7 * g)) * (1 + 0.1 * k));
        Assert.Null(Evidence(frame, gamma));
        Assert.DoesNotContain(Blocks(frame, gamma, HierarchicalCentring.Auto), b => b is NestedCentredEffects);
    }

    /// <summary>
    /// A model given a new response (simulation-based calibration) asks the evidence again under Auto, keeping its priors:
    /// weak data stay non-centred, informative data get the nested block, and the model equals a fresh one built on that
    /// response with the old priors and that form; given the weak response back, it is non-centred again.
    /// </summary>
    [Fact]
    public void WithResponseAsksTheEvidenceAgain()
    {
        var poisson = FamilySpec.Parse("poisson");
        var weak = Nested(outer: 8, inner: 3, perInner: 8, poisson, (g, k) => (g + k) % 2);
        var informed = Nested(outer: 8, inner: 3, perInner: 8, poisson, (g, k) => Math.Round(Math.Exp(2.3 + 0.8 * Math.Sin(1.7 * g)) + k % 3));
        var auto = new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Auto };
        var a = GlmmModel.Create(weak, poisson, [], auto);
        Assert.DoesNotContain(a.Structure.Blocks, b => b is NestedCentredEffects);

        var b = (GlmmModel)a.WithResponse(informed.Response.Values);
        Assert.Contains(b.Structure.Blocks, block => block is NestedCentredEffects);
        Assert.Equal(a.PriorsUsed, b.PriorsUsed);
        Assert.Equal(a.OutputNames.Order(), b.OutputNames.Order());
        var fresh = GlmmModel.Create(informed, poisson, a.PriorsUsed.Select(p => PriorSpec.Parse($"{p.Parameter} ~ {p.Prior}")).ToArray(),
            new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Nested });
        var x = ModelBuilder.RandomPosition(b, new RandomStream(5));
        Assert.Equal(fresh.Evaluate(x, new double[fresh.Dimension]), b.Evaluate(x, new double[b.Dimension]), 1e-9);

        var c = (GlmmModel)b.WithResponse(weak.Response.Values);
        Assert.DoesNotContain(c.Structure.Blocks, block => block is NestedCentredEffects);
        var y = ModelBuilder.RandomPosition(a, new RandomStream(6));
        Assert.Equal(a.Evaluate(y, new double[a.Dimension]), c.Evaluate(y, new double[c.Dimension]), 1e-9);
    }

    private static CentringEvidence? Evidence(ModelFrame frame, IFamily family)
    {
        GroupTerm outer = frame.Groups[0], inner = frame.Groups[1];
        return CentringEvidence.Of(frame.Response, family, inner, outer, NestedCentredEffects.ParentLevels(inner, outer)!);
    }

    private static IReadOnlyList<object> Blocks(ModelFrame frame, IFamily family, HierarchicalCentring centring) =>
        GlmmModel.Create(frame, family, [], new GlmmOptions { HierarchicalCentring = centring }).Structure.Blocks;

    /// <summary>
    /// An intercept-only frame with term h of <paramref name="outer"/> levels and g of <paramref name="inner"/> levels in each,
    /// every level of g holding <paramref name="perInner"/> observations, observation k of level g taking response(g, k).
    /// </summary>
    private static ModelFrame Nested(int outer, int inner, int perInner, IFamily family, Func<int, int, double> response)
    {
        int levels = outer * inner, n = levels * perInner;
        var frame = ModelBuilder.Random(new RandomStream(21, 4), n, 1, true, [new TermSpec("h", outer, 1), new TermSpec("g", inner, 1, NestedIn: 0)], new PoissonLog());
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation;
        var y = frame.Response.Values;
        for (int i = 0; i < n; i++)
        {
            g[i] = i % levels;
            h[i] = g[i] / inner;
            y[i] = response(g[i], i / levels);
        }
        return frame;
    }
}
