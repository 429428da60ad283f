// The tests every kind of random-effect block must pass (the contract of IRandomEffectBlock), run once per kind by a derived class.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Modeling.Tests.Priors;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

/// <summary>
/// The conformance suite of <see cref="IRandomEffectBlock"/>: derive a class per block kind that says how to build a model
/// with the block (<see cref="Frame"/>, <see cref="Build"/>), which of its outputs are scalar hyperparameters with a prior
/// of their own, and what brms names its outputs have. Every kind then passes: the gradient against finite differences;
/// its names where the layout puts them; the parts of the log density against the hooks (prior, likelihood); prior terms
/// that sum to the joint log prior; the round trip of outputs and position; prior draws that follow the hyperpriors; no
/// allocation per evaluation; and a recovery fit, NUTS on data simulated from the model recovering the hyperparameters.
/// </summary>
public abstract class RandomEffectBlockConformance
{
    /// <summary>A frame with the block's term(s): <paramref name="levels"/> levels of about <paramref name="perLevel"/> observations.</summary>
    protected abstract ModelFrame Frame(RandomStream rng, int levels, int perLevel);

    /// <summary>The model of <paramref name="frame"/> with <paramref name="priors"/> (and the kind's options).</summary>
    protected abstract GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors);

    /// <summary>Whether <paramref name="block"/> is of the kind under test.</summary>
    protected abstract bool IsKind(IRandomEffectBlock block);

    /// <summary>The block's reported names for a frame of <paramref name="levels"/> levels named as <see cref="Frame"/> names them, in output order.</summary>
    protected abstract IReadOnlyList<string> ExpectedNames(int levels);

    /// <summary>Its scalar hyperparameters (output names) with the lower bound of their support, each with a prior term of the same name.</summary>
    protected abstract IReadOnlyList<(string Output, double Lower)> Hyperparameters { get; }

    /// <summary>Priors that pin the hyperparameters near their true values and keep the coefficients small, to simulate data.</summary>
    protected abstract IReadOnlyList<PriorSpec> SimulationPriors { get; }

    /// <summary>The law the block's effects follow for new levels.</summary>
    protected abstract NewLevelTail ExpectedNewLevelTail { get; }

    /// <summary>Whether the block's outputs determine its position (false where they cannot, as for Student-t scales).</summary>
    protected virtual bool Invertible => true;

    private GlmmModel Small(RandomStream rng) => Build(Frame(rng, 3 + rng.Next(4), 2 + rng.Next(4)), []);

    private IRandomEffectBlock Block(GlmmModel model) => Assert.Single(model.Structure.Blocks, IsKind);

    [Fact]
    public void GradientMatchesFiniteDifferences() =>
        NumericalCheck.ForSeeds(8, seed =>
        {
            var rng = new RandomStream((ulong)seed, 71);
            var model = Small(rng);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng, 0.8), 2e-5);
        });

    [Fact]
    public void NamesAreBrmsNamesWhereTheLayoutPutsThem()
    {
        var model = Build(Frame(new RandomStream(1, 72), 4, 3), []);
        var block = Block(model);
        var names = model.OutputNames;
        for (int g = 0; g < block.HyperOutputs.Count; g++)
            for (int i = 0; i < block.HyperOutputs[g].Names.Count; i++)
                Assert.Equal(block.HyperOutputs[g].Names[i], names[block.Layout.HyperOutputOffsets[g] + i]);
        for (int i = 0; i < block.EffectOutputs.Count; i++) Assert.Equal(block.EffectOutputs[i], names[block.Layout.EffectOutputOffset + i]);
        var expected = ExpectedNames(4);
        Assert.Equal(expected, names.Where(expected.Contains));
        Assert.Equal(block.PriorTerms.Count, block.PriorUses.Count);
        Assert.Equal(block.PriorTerms.Select(t => t.Parameter), block.PriorUses.Select(u => u.Parameter));
        Assert.Equal(model.Dimension, model.Structure.Blocks.Max(b => b.Layout.LatentOffset + b.LatentCount));
    }

    [Fact]
    public void TheLogDensityPartsAgreeWithTheHooks() =>
        NumericalCheck.ForSeeds(6, seed =>
        {
            var rng = new RandomStream((ulong)seed, 73);
            var model = Small(rng);
            var block = Block(model);
            var x = ModelBuilder.RandomPosition(model, rng, 0.8);
            var outputs = new double[model.OutputNames.Count];
            model.WriteOutputs(x, outputs, rng);
            var parts = model.EvaluateParts(x);
            Assert.Equal(model.LogPrior(outputs), parts.LogPrior, 1e-9 * (1 + Math.Abs(parts.LogPrior)));
            double likelihood;
            if (block.IsIntegrated)
            {
                var clusters = new double[block.Terms[0].LevelCount];
                (model.ClusterLikelihood ?? throw new InvalidOperationException("an integrated block without a cluster likelihood")).Compute(outputs, clusters);
                likelihood = clusters.Sum();
            }
            else
            {
                var pointwise = new double[model.ObservationCount];
                model.PointwiseLogLikelihood(outputs, pointwise);
                likelihood = pointwise.Sum();
            }
            Assert.Equal(likelihood, parts.LogLikelihood, 1e-8 * (1 + Math.Abs(likelihood)));
        });

    [Fact]
    public void PriorTermsSumToTheLogPrior()
    {
        var rng = new RandomStream(2, 74);
        var model = Build(Frame(rng, 5, 3), []);
        Assert.Equal(model.PriorsUsed.Count, model.PriorTerms.Count);
        PriorTermChecks.AssertSumToLogPrior(model, rng, 100);
    }

    [Fact]
    public void OutputsAndPositionRoundTrip()
    {
        var rng = new RandomStream(3, 75);
        var model = Build(Frame(rng, 5, 3), []);
        var x = ModelBuilder.RandomPosition(model, rng, 0.8);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs, rng);
        var back = new double[model.Dimension];
        Assert.Equal(Invertible, model.TryWritePosition(outputs, back));
        if (!Invertible) return;
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], back[i], 1e-9 * (1 + Math.Abs(x[i])));
    }

    /// <summary>
    /// The law of new levels' effects is of the kind the block declares before any draw: none, normal (df = +∞) or Student-t
    /// (finite df), with one sd per coefficient and a K × K factor, for every term of the block.
    /// </summary>
    [Fact]
    public void NewLevelLawsAreOfTheDeclaredTail()
    {
        var rng = new RandomStream(3, 76);
        var model = Build(Frame(rng, 5, 3), []);
        var block = Block(model);
        Assert.Equal(ExpectedNewLevelTail, block.NewLevelTail);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(ModelBuilder.RandomPosition(model, rng, 0.8), outputs, rng);
        for (int t = 0; t < block.Terms.Count; t++)
        {
            var law = block.NewLevels(outputs, t);
            if (block.NewLevelTail == NewLevelTail.None)
            {
                Assert.Null(law);
                continue;
            }
            Assert.NotNull(law);
            int k = block.Terms[t].CoefficientCount;
            Assert.Equal(k, law.Sd.Length);
            Assert.Equal(k * k, law.Factor.Length);
            if (block.NewLevelTail == NewLevelTail.Normal) Assert.Equal(double.PositiveInfinity, law.DegreesOfFreedom);
            else Assert.True(double.IsFinite(law.DegreesOfFreedom) && law.DegreesOfFreedom > 0);
        }
    }

    /// <summary>
    /// Each scalar hyperparameter's prior draws follow the block's own prior density: at the draws' quartiles q, the CDF
    /// ∫_lower^q exp(log prior term) (Simpson's rule) is 1/4, 1/2, 3/4 within 4.5 binomial standard errors.
    /// </summary>
    [Fact]
    public void PriorDrawsFollowTheHyperpriors()
    {
        var rng = new RandomStream(4, 76);
        var model = Build(Frame(rng, 4, 3), []);
        var names = model.OutputNames.ToList();
        var terms = model.PriorTerms.ToList();
        const int n = 8000;
        var outputs = new double[names.Count];
        var draws = Hyperparameters.Select(_ => new double[n]).ToArray();
        var kept = new double[names.Count];
        for (int d = 0; d < n; d++)
        {
            model.DrawFromPrior(rng, outputs);
            Assert.True(double.IsFinite(model.LogPrior(outputs)));
            for (int h = 0; h < Hyperparameters.Count; h++) draws[h][d] = outputs[names.IndexOf(Hyperparameters[h].Output)];
            if (d == 0) outputs.CopyTo(kept, 0);
        }
        var logPriors = new double[terms.Count];
        for (int h = 0; h < Hyperparameters.Count; h++)
        {
            var (name, lower) = Hyperparameters[h];
            int output = names.IndexOf(name), term = terms.FindIndex(t => t.Parameter == name);
            Assert.True(term >= 0, $"no prior term for {name}");
            double Density(double v)
            {
                var o = (double[])kept.Clone();
                o[output] = v;
                model.LogPriorTerms(o, logPriors);
                return Math.Exp(logPriors[term]);
            }
            var sorted = draws[h].Order().ToArray();
            foreach (double p in new[] { 0.25, 0.5, 0.75 })
            {
                double q = sorted[(int)(p * n)], cdf = Simpson(Density, lower, q, 4000);
                Assert.True(Math.Abs(cdf - p) < 4.5 * Math.Sqrt(p * (1 - p) / n) + 1e-4, $"{name}: P(draw ≤ {q:G4}) = {cdf:F4} by the prior, {p} by the draws");
            }
        }
    }

    [Fact]
    public void EvaluationDoesNotAllocate()
    {
        var rng = new RandomStream(5, 77);
        var model = Build(Frame(rng, 6, 4), []);
        var density = model.Create();
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        var gradient = new double[density.Dimension];
        for (int i = 0; i < 5; i++) density.Evaluate(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) density.Evaluate(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Data simulated from the model at hyperparameters pinned by <see cref="SimulationPriors"/> (the effects drawn from their
    /// distribution given them), then fitted with the default priors by NUTS (4 chains × 500): each hyperparameter's truth
    /// lies in its central 99% posterior interval.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void RecoversTheHyperparametersOfSimulatedData()
    {
        var rng = new RandomStream(6, 78);
        var frame = Frame(rng, 24, 12);
        var simulation = Build(frame, SimulationPriors);
        var truth = new double[simulation.OutputNames.Count];
        simulation.DrawFromPrior(rng, truth);
        var y = new double[frame.ObservationCount];
        simulation.ReplicateResponse(truth, rng, y);
        var model = Build(frame.WithResponse(y), []);
        var result = NutsSampler.Run(model, new SamplerOptions { Seed = 9, Chains = 4, Warmup = 500, Draws = 500 });
        var names = model.OutputNames.ToList();
        var outputs = new double[names.Count];
        var posterior = Hyperparameters.Select(_ => new List<double>()).ToArray();
        var writer = new RandomStream(9, 99);
        foreach (var chain in result.Chains)
            for (int k = 0; k < chain.CompletedDraws; k++)
            {
                model.WriteOutputs(chain.Draws.AsSpan(k * model.Dimension, model.Dimension), outputs, writer);
                for (int h = 0; h < Hyperparameters.Count; h++) posterior[h].Add(outputs[names.IndexOf(Hyperparameters[h].Output)]);
            }
        for (int h = 0; h < Hyperparameters.Count; h++)
        {
            var sorted = posterior[h].Order().ToArray();
            double lower = sorted[(int)(0.005 * sorted.Length)], upper = sorted[(int)(0.995 * (sorted.Length - 1))];
            double value = truth[names.IndexOf(Hyperparameters[h].Output)];
            Assert.True(lower <= value && value <= upper, $"{Hyperparameters[h].Output}: 99% interval [{lower:G4}, {upper:G4}], truth {value:G4}");
        }
    }

    private static double Simpson(Func<double, double> f, double a, double b, int intervals)
    {
        double h = (b - a) / intervals, sum = f(a) + f(b);
        for (int i = 1; i < intervals; i++) sum += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
