// The partially non-centred chain is the same model as the non-centred blocks, with a gradient that matches finite differences.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

public sealed class PartiallyCentredChainTests
{
    private static readonly GlmmOptions Partial = new() { HierarchicalCentring = HierarchicalCentring.Partial };

    /// <summary>
    /// A Poisson frame with a chain of three nested random intercepts, k in g in h (4 h levels, 2 g levels per h, 2 k levels
    /// per g), as grouseticks' observations in broods in locations, and a crossed fourth term c; every level observed.
    /// </summary>
    private static ModelFrame Frame(RandomStream rng, int n = 80)
    {
        var frame = ModelBuilder.Random(rng, n, 2, true,
            [new TermSpec("h", 4, 1), new TermSpec("g", 2, 1, NestedIn: 0), new TermSpec("c", 3, 1), new TermSpec("k", 16, 1)], new PoissonLog());
        // k's 16 levels (each observed) decide g (k / 2) and h (k / 4).
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation, k = frame.Groups[3].LevelOfObservation;
        for (int i = 0; i < n; i++)
        {
            g[i] = k[i] / 2;
            h[i] = k[i] / 4;
        }
        return frame;
    }

    [Fact]
    public void TheChainRunsFromTheOutermostTermAndItsWeightsLieInside01()
    {
        var model = GlmmModel.Create(Frame(new RandomStream(21, 3)), FamilySpec.Parse("poisson"), [], Partial);
        var chain = Assert.Single(model.Structure.Blocks.OfType<PartiallyCentredChain>());
        Assert.Equal(["h", "g", "k"], chain.Chain.Select(t => chain.Parts[t].Term.Group));
        Assert.Contains(model.Structure.Blocks, b => b is NormalEffects n && n.Term.Group == "c");
        Assert.All(chain.Weights.SelectMany(w => w), w => Assert.InRange(w, 0.0, 1.0));
        Assert.Contains(chain.Weights.SelectMany(w => w), w => w > 0.05 && w < 0.95);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences() =>
        NumericalCheck.ForSeeds(6, seed =>
        {
            var rng = new RandomStream((ulong)seed, 23);
            var model = GlmmModel.Create(Frame(rng), FamilySpec.Parse("poisson"), [], Partial);
            Assert.Single(model.Structure.Blocks.OfType<PartiallyCentredChain>());
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng, 0.8), 2e-5);
        });

    /// <summary>
    /// Over two partitions of the observations (within-chain threads) the density and gradient are bit-identical to one
    /// thread's, whose gradient <see cref="GradientMatchesFiniteDifferences"/> checks.
    /// </summary>
    [Fact]
    public void PartitionedEvaluationIsExactAndIdentical()
    {
        var rng = new RandomStream(24, 7);
        var model = GlmmModel.Create(Frame(rng, 2 * GlmmEvaluator.PartitionLength + 17), FamilySpec.Parse("poisson"), [], Partial);
        Assert.Single(model.Structure.Blocks.OfType<PartiallyCentredChain>());
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        using var partitioned = (GlmmEvaluator)model.Create(2);
        using var single = (GlmmEvaluator)model.Create(1);
        Assert.Equal(2, partitioned.Threads);
        double[] g3 = new double[model.Dimension], g1 = new double[model.Dimension];
        Assert.Equal(single.Evaluate(x, g1), partitioned.Evaluate(x, g3));
        Assert.Equal(g1, g3);
    }

    /// <summary>
    /// At the positions of the same outputs the non-centred log density in z exceeds the partially non-centred one in t by
    /// Σ_levels w log s (the Jacobians of r = s^{1−w} t' against r = s z); the likelihood and prior parts agree, and the
    /// outputs come back from the position.
    /// </summary>
    [Fact]
    public void TheDensityIsTheNonCentredOneUpToTheJacobians()
    {
        var rng = new RandomStream(22, 5);
        var frame = Frame(rng);
        var plain = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], new GlmmOptions { HierarchicalCentring = HierarchicalCentring.None });
        var partial = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], Partial);
        var chain = Assert.Single(partial.Structure.Blocks.OfType<PartiallyCentredChain>());
        Assert.Equal(plain.OutputNames.OrderBy(n => n, StringComparer.Ordinal), partial.OutputNames.OrderBy(n => n, StringComparer.Ordinal));
        var index = partial.OutputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var plainOutputs = new double[plain.OutputNames.Count];
        var partialOutputs = new double[partial.OutputNames.Count];
        var back = new double[partial.OutputNames.Count];
        var plainPosition = new double[plain.Dimension];
        var partialPosition = new double[partial.Dimension];
        for (int d = 0; d < 20; d++)
        {
            plain.DrawFromPrior(rng, plainOutputs);
            for (int i = 0; i < plainOutputs.Length; i++) partialOutputs[index[plain.OutputNames[i]]] = plainOutputs[i];
            Assert.True(plain.TryWritePosition(plainOutputs, plainPosition));
            Assert.True(partial.TryWritePosition(partialOutputs, partialPosition));
            var (priorP, likelihoodP) = plain.EvaluateParts(plainPosition);
            var (priorC, likelihoodC) = partial.EvaluateParts(partialPosition);
            Assert.Equal(likelihoodP, likelihoodC, 1e-9 * (1 + Math.Abs(likelihoodP)));
            Assert.Equal(priorP, priorC, 1e-9 * (1 + Math.Abs(priorP)));
            double expected = 0;
            for (int t = 0; t < chain.Parts.Count; t++)
                expected += chain.Weights[t].Sum() * Math.Log(plainOutputs[plain.OutputNames.ToList().IndexOf($"sd_{chain.Parts[t].Term.Group}__Intercept")]);
            double logP = plain.Evaluate(plainPosition, new double[plain.Dimension]);
            double logC = partial.Evaluate(partialPosition, new double[partial.Dimension]);
            Assert.Equal(expected, logP - logC, 1e-12 * (1 + Math.Abs(logP)) + 1e-9);
            partial.WriteOutputs(partialPosition, back, new RandomStream(1, 1));
            for (int i = 0; i < back.Length; i++)
                if (partial.OutputNames[i].StartsWith("r_", StringComparison.Ordinal) || partial.OutputNames[i].StartsWith("sd_", StringComparison.Ordinal))
                    Assert.Equal(partialOutputs[i], back[i], 1e-9 * (1 + Math.Abs(partialOutputs[i])));
        }
    }
}
