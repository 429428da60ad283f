// Within-chain parallelism: the partitioned evaluation's exact gradient, and bit-identical densities and draws whatever the threads.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Tests.Hglm;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class PartitionedEvaluationTests
{
    /// <summary>Families evaluated in chunks, each with the test family that draws a response it accepts.</summary>
    private static readonly (string Name, TestFamily Draw)[] Families =
        [("gaussian", new GaussianIdentity()), ("poisson", new PoissonLog()), ("student", new StudentIdentity())];

    /// <summary>A model of three partitions: a sorted term, a term nested in it, a crossed term gathered observation by observation.</summary>
    private static GlmmModel Normal(RandomStream rng)
    {
        var (name, family) = Families[rng.Next(Families.Length)];
        int n = 3 * GlmmEvaluator.PartitionLength + rng.Next(GlmmEvaluator.PartitionLength);
        TermSpec[] terms =
        [
            new("a", 12 + rng.Next(30), 1 + rng.Next(2)),
            new("a:b", 1, 1 + rng.Next(2), Correlated: false, NestedIn: 0),
            new("c", 3 + rng.Next(8), 1, Student: rng.Next(3) == 0),
        ];
        var frame = ModelBuilder.Random(rng, n, 1 + rng.Next(3), intercept: true, terms, family, offset: rng.Next(2) == 0);
        return GlmmModel.Create(frame, FamilySpec.Parse(name), []);
    }

    /// <summary>A joint conjugate random intercept (sampled with the other parameters, gathered into η) over three partitions.</summary>
    private static GlmmModel Conjugate(RandomStream rng)
    {
        var pair = HglmFrames.Pairs[rng.Next(2)];
        int n = 3 * GlmmEvaluator.PartitionLength + rng.Next(GlmmEvaluator.PartitionLength);
        var frame = HglmFrames.Random(rng, pair, n, 20 + rng.Next(40), 2, intercept: true, offset: false);
        return GlmmModel.Create(frame, HglmFrames.Family(pair), [], new GlmmOptions { JointConjugateEffects = true });
    }

    [Fact]
    public void PartitionsDependOnTheNumberOfObservationsAlone()
    {
        Assert.Equal(1, GlmmEvaluator.PartitionsFor(2 * GlmmEvaluator.PartitionLength - 1));
        Assert.Equal(2, GlmmEvaluator.PartitionsFor(2 * GlmmEvaluator.PartitionLength));
        Assert.Equal(GlmmEvaluator.MaxPartitions, GlmmEvaluator.PartitionsFor(int.MaxValue));
        var model = Normal(new RandomStream(1, 90));
        Assert.Equal(3, model.MaxThreads);
        using var evaluator = (GlmmEvaluator)model.Create(8);
        Assert.Equal(3, evaluator.Threads);
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesOverPartitions()
    {
        NumericalCheck.ForSeeds(2, seed =>
        {
            var rng = new RandomStream((ulong)seed, 91);
            var model = Normal(rng);
            using var density = (GlmmEvaluator)model.Create(2);
            NumericalCheck.AssertGradient(density, ModelBuilder.RandomPosition(model, rng, 0.5), tolerance: 1e-5);
        });
        NumericalCheck.ForSeeds(2, seed =>
        {
            var rng = new RandomStream((ulong)seed, 92);
            var model = Conjugate(rng);
            Assert.False(model.Conjugate().IsIntegrated);
            using var density = (GlmmEvaluator)model.Create(2);
            NumericalCheck.AssertGradient(density, HglmFrames.RandomPosition(model, rng, 0.5), tolerance: 1e-5);
        });
    }

    [Fact]
    public void LogLikelihoodIsTheSumOfThePointwiseOnes()
    {
        var rng = new RandomStream(3, 93);
        var model = Normal(rng);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        using var density = (GlmmEvaluator)model.Create(3);
        var (_, logLikelihood) = density.EvaluateParts(x);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs, new RandomStream(3, 94));
        var pointwise = new double[model.ObservationCount];
        model.PointwiseLogLikelihood(outputs, pointwise);
        double sum = pointwise.Sum();
        Assert.True(Math.Abs(logLikelihood - sum) <= 1e-10 * Math.Abs(sum), $"partitioned {logLikelihood:R}, pointwise {sum:R}");
    }

    [Fact]
    public void DensityAndGradientAreBitIdenticalWhateverTheThreads()
    {
        NumericalCheck.ForSeeds(4, seed =>
        {
            var rng = new RandomStream((ulong)seed, 95);
            var model = seed % 2 == 0 ? Normal(rng) : Conjugate(rng);
            var x = seed % 2 == 0 ? ModelBuilder.RandomPosition(model, rng, 0.5) : HglmFrames.RandomPosition(model, rng, 0.5);
            var reference = new double[model.Dimension];
            double value;
            using (var one = (GlmmEvaluator)model.Create(1)) value = one.Evaluate(x, reference);
            Assert.True(double.IsFinite(value));
            for (int threads = 2; threads <= 3; threads++)
            {
                using var many = (GlmmEvaluator)model.Create(threads);
                Assert.Equal(threads, many.Threads);
                var gradient = new double[model.Dimension];
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(many.Evaluate(x, gradient)));
                    for (int i = 0; i < gradient.Length; i++)
                        Assert.True(BitConverter.DoubleToInt64Bits(reference[i]) == BitConverter.DoubleToInt64Bits(gradient[i]),
                            $"{threads} threads, coordinate {i}: {gradient[i]:R}, one thread {reference[i]:R}");
                }
            }
        });
    }

    /// <summary>
    /// Enough fixed effects for the row-blocked products, no offset, and a random intercept sorted into short runs: η of each
    /// chunk starts from that term's effects (<see cref="BayesGlmm.Modeling.RandomEffects.TermMatrix.CanSet"/>), its runs walked in windows.
    /// </summary>
    private static GlmmModel StartedByTheTerm(RandomStream rng, int n)
    {
        var (name, family) = Families[rng.Next(Families.Length)];
        TermSpec[] terms = [new("a", n / (10 + rng.Next(20)), 1), new("c", 3 + rng.Next(8), 1)];
        var frame = ModelBuilder.Random(rng, n, 5 + rng.Next(6), intercept: true, terms, family, offset: false);
        return GlmmModel.Create(frame, FamilySpec.Parse(name), []);
    }

    [Fact]
    public void EtaStartedByASortedInterceptIsExactAndBitIdenticalWhateverTheThreads()
    {
        NumericalCheck.ForSeeds(3, seed =>
        {
            var rng = new RandomStream((ulong)seed, 98);
            var model = StartedByTheTerm(rng, 3 * GlmmEvaluator.PartitionLength + rng.Next(GlmmEvaluator.PartitionLength));
            Assert.True(model.Structure.Fixed.StartsFromEffects);
            Assert.Contains(model.Structure.Blocks, b => b is BayesGlmm.Modeling.RandomEffects.NormalEffects { Matrix.CanSet: true });
            var x = ModelBuilder.RandomPosition(model, rng, 0.5);
            var reference = new double[model.Dimension];
            double value;
            using (var one = (GlmmEvaluator)model.Create(1)) value = one.Evaluate(x, reference);
            Assert.True(double.IsFinite(value));
            for (int threads = 2; threads <= 3; threads++)
            {
                using var many = (GlmmEvaluator)model.Create(threads);
                var gradient = new double[model.Dimension];
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(many.Evaluate(x, gradient)));
                for (int i = 0; i < gradient.Length; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(reference[i]) == BitConverter.DoubleToInt64Bits(gradient[i]),
                        $"{threads} threads, coordinate {i}: {gradient[i]:R}, one thread {reference[i]:R}");
            }
        });
        // The gradient, on a model of a few chunks (one partition) so that every coordinate's finite difference stays cheap.
        NumericalCheck.ForSeeds(3, seed =>
        {
            var rng = new RandomStream((ulong)seed, 99);
            var model = StartedByTheTerm(rng, 3 * GlmmEvaluator.ChunkLength + rng.Next(GlmmEvaluator.ChunkLength));
            Assert.True(model.Structure.Fixed.StartsFromEffects);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng, 0.5), tolerance: 1e-5);
        });
    }

    [Fact]
    public void PartitionedEvaluationOnOneThreadDoesNotAllocate()
    {
        var rng = new RandomStream(5, 96);
        var model = Normal(rng);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        using var density = (GlmmEvaluator)model.Create(1);
        var gradient = new double[model.Dimension];
        // Warm up past the first calls: a type first touched by a later-tier method may box its statics once.
        for (int i = 0; i < 50; i++) density.Evaluate(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) density.Evaluate(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void SeededDrawsAreBitIdenticalWithOneTwoAndThreeThreadsPerChain()
    {
        var model = Normal(new RandomStream(6, 97));
        double[] Draws(int threads) => NutsSampler.Run(model, new SamplerOptions
        {
            Seed = 11, Chains = 1, Warmup = 40, Draws = 20, MaxTreeDepth = 5, ThreadsPerChain = threads,
        }).Chains[0].Draws;
        var one = Draws(1);
        Assert.Contains(one, v => v != one[0]);
        foreach (int threads in new[] { 2, 3 })
        {
            var many = Draws(threads);
            Assert.Equal(one.Length, many.Length);
            for (int i = 0; i < one.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(one[i]) == BitConverter.DoubleToInt64Bits(many[i]),
                    $"{threads} threads per chain, value {i}: {many[i]:R}, one thread {one[i]:R}");
        }
    }

    [Fact]
    public void ThreadsPerChainDefaultToTheProcessorsEachChainCanHave()
    {
        var options = new SamplerOptions { Chains = 4 };
        Assert.Equal(4, options.ThreadsFor(maxThreads: 16, processors: 16));
        Assert.Equal(1, options.ThreadsFor(maxThreads: 16, processors: 2));
        Assert.Equal(2, (options with { Chains = 1 }).ThreadsFor(maxThreads: 16, processors: 2));
        Assert.Equal(1, (options with { Chains = 1 }).ThreadsFor(maxThreads: 1, processors: 64));
        Assert.Equal(3, (options with { ThreadsPerChain = 3 }).ThreadsFor(maxThreads: 16, processors: 2));
        Assert.Equal(8, (options with { MaxDegreeOfParallelism = 2 }).ThreadsFor(maxThreads: 16, processors: 16));
        Assert.Equal(nameof(SamplerOptions.ThreadsPerChain), Assert.ThrowsAny<ArgumentOutOfRangeException>(() => (options with { ThreadsPerChain = 0 }).Validate()).ParamName);
    }
}
