// The nested centring is the same model as two non-centred blocks: the densities agree up to the Jacobian of the inner effects.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

public sealed class NestedCentredEffectsTests
{
    /// <summary>
    /// At the positions of the same outputs, the non-centred log density in (z_A, z_B) exceeds the centred one in (v, z_B) by
    /// J_A log sd_A, the log Jacobian of r_A = sd_A z_A that the centred totals do not carry, and centred on the intercept, in
    /// (w, μ), by J_A log sd_A + J_B log sd_B; everything else is the same model. A Poisson model with a crossed third term,
    /// as grouseticks is.
    /// </summary>
    [Theory]
    [InlineData(HierarchicalCentring.Nested)]
    [InlineData(HierarchicalCentring.OnIntercept)]
    public void TheCentredDensityIsTheNonCentredOneUpToTheJacobians(HierarchicalCentring centring)
    {
        var rng = new RandomStream(11, 907);
        var frame = ModelBuilder.Random(rng, 60, 2, true,
            [new TermSpec("h", 5, 1), new TermSpec("g", 3, 1, NestedIn: 0), new TermSpec("k", 4, 1)], new PoissonLog());
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation;
        for (int i = 0; i < 15; i++)
        {
            h[i] = i / 3;
            g[i] = i;
        }
        var plain = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), []);
        var centred = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], new GlmmOptions { HierarchicalCentring = centring });
        var block = Assert.Single(centred.Structure.Blocks.OfType<NestedCentredEffects>());
        Assert.Equal("g", block.Inner.Term.Group);
        Assert.Equal("h", block.Outer.Term.Group);
        Assert.Equal(centring == HierarchicalCentring.OnIntercept, block.CentredOnIntercept);
        Assert.DoesNotContain(plain.Structure.Blocks, b => b is NestedCentredEffects);
        Assert.Equal(plain.OutputNames.OrderBy(n => n, StringComparer.Ordinal), centred.OutputNames.OrderBy(n => n, StringComparer.Ordinal));

        var plainOutputs = new double[plain.OutputNames.Count];
        var centredOutputs = new double[centred.OutputNames.Count];
        var plainPosition = new double[plain.Dimension];
        var centredPosition = new double[centred.Dimension];
        var centredIndex = centred.OutputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        int sdA = plain.OutputNames.ToList().IndexOf("sd_g__Intercept"), sdB = plain.OutputNames.ToList().IndexOf("sd_h__Intercept");
        for (int d = 0; d < 20; d++)
        {
            plain.DrawFromPrior(rng, plainOutputs);
            for (int i = 0; i < plainOutputs.Length; i++) centredOutputs[centredIndex[plain.OutputNames[i]]] = plainOutputs[i];
            Assert.True(plain.TryWritePosition(plainOutputs, plainPosition));
            Assert.True(centred.TryWritePosition(centredOutputs, centredPosition));
            var (priorP, likelihoodP) = plain.EvaluateParts(plainPosition);
            var (priorC, likelihoodC) = centred.EvaluateParts(centredPosition);
            Assert.Equal(likelihoodP, likelihoodC, 1e-9 * (1 + Math.Abs(likelihoodP)));
            Assert.Equal(priorP, priorC, 1e-9 * (1 + Math.Abs(priorP)));
            double expected = block.Inner.LevelCount * Math.Log(plainOutputs[sdA])
                              + (block.CentredOnIntercept ? block.Outer.LevelCount * Math.Log(plainOutputs[sdB]) : 0.0);
            double logP = plain.Evaluate(plainPosition, new double[plain.Dimension]);
            double logC = centred.Evaluate(centredPosition, new double[centred.Dimension]);
            // Prior draws reach far tails (log densities of −10¹⁰): the tolerance is relative to the densities themselves.
            Assert.Equal(expected, logP - logC, 1e-12 * (1 + Math.Abs(logP)) + 1e-9);
        }
    }

    /// <summary>
    /// <see cref="HierarchicalCentring.Auto"/> centres a pair on the intercept where the outer levels hold at least
    /// <c>CentredOnInterceptFrom</c> inner levels each (12 here), nested where they hold few (2), given inner levels whose
    /// data outweigh their prior; a model without an intercept has nothing to centre on.
    /// </summary>
    [Theory]
    [InlineData(12, true, HierarchicalCentring.Auto, true)]
    [InlineData(2, true, HierarchicalCentring.Auto, false)]
    [InlineData(2, true, HierarchicalCentring.OnIntercept, true)]
    [InlineData(12, false, HierarchicalCentring.OnIntercept, false)]
    [InlineData(12, true, HierarchicalCentring.Nested, false)]
    public void TheCentringFollowsTheInnerLevelsPerOuterLevel(int innerPerOuter, bool intercept, HierarchicalCentring centring, bool onIntercept)
    {
        var rng = new RandomStream(12, 77);
        int outer = 4, n = 10 * outer * innerPerOuter;
        var frame = ModelBuilder.Random(rng, n, 2, intercept, [new TermSpec("h", outer, 1), new TermSpec("g", innerPerOuter, 1, NestedIn: 0)], new PoissonLog());
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation;
        for (int i = 0; i < outer * innerPerOuter; i++)
        {
            h[i] = i / innerPerOuter;
            g[i] = i;
        }
        // Counts near 10 that differ between the inner and the outer levels: data that outweigh both priors (CentringEvidenceTests).
        var y = frame.Response.Values;
        for (int i = 0; i < n; i++) y[i] = Math.Round(Math.Exp(2.3 + 0.8 * Math.Sin(1.7 * g[i]) + 0.7 * (h[i] - 1.5))) + i % 3;
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], new GlmmOptions { HierarchicalCentring = centring });
        var block = Assert.Single(model.Structure.Blocks.OfType<NestedCentredEffects>());
        Assert.Equal(onIntercept, block.CentredOnIntercept);
    }

    /// <summary>A prior-only model keeps every term non-centred: without data the centred form of a nested pair is a funnel.</summary>
    [Fact]
    public void APriorOnlyModelIsNotCentred()
    {
        var rng = new RandomStream(13, 5);
        var frame = ModelBuilder.Random(rng, 480, 2, true, [new TermSpec("h", 4, 1), new TermSpec("g", 12, 1, NestedIn: 0)], new PoissonLog());
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation;
        for (int i = 0; i < 48; i++)
        {
            h[i] = i / 12;
            g[i] = i;
        }
        var y = frame.Response.Values;
        for (int i = 0; i < y.Length; i++) y[i] = Math.Round(Math.Exp(2.3 + 0.8 * Math.Sin(1.7 * g[i]))) + i % 3;
        var options = new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Auto };
        Assert.Contains(GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], options).Structure.Blocks, b => b is NestedCentredEffects);
        Assert.DoesNotContain(GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], options with { PriorOnly = true }).Structure.Blocks, b => b is NestedCentredEffects);
    }
}
