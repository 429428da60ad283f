// Chains started at the caller's points: where they start, the refusal of a point that is not finite, and the random start unchanged.
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Chains;

public sealed class InitialPointsTests
{
    [Fact]
    public void EachChainStartsAtItsGivenPoint()
    {
        var points = new[] { new[] { 1.5, -2.0, 0.25 }, new[] { -3.0, 4.0, 7.5 }, new[] { 0.0, 0.0, 0.0 } };
        var densities = new List<FirstPositionRecorder>();
        var factory = LogDensityFactory.From(3, () =>
        {
            var d = new FirstPositionRecorder(IndependentNormal.Standard(3));
            lock (densities) densities.Add(d);
            return d;
        });
        var options = new SamplerOptions { Chains = 3, Warmup = 20, Draws = 10, InitialPoints = new GivenInitialPoints(points) };
        var result = NutsSampler.Run(factory, options);
        Assert.Equal(3, result.Chains.Count);
        var firsts = densities.Select(d => d.First!).ToList();
        foreach (var p in points) Assert.Contains(firsts, f => f.SequenceEqual(p));
    }

    [Fact]
    public void SourceDrawsFromTheChainsOwnStreamAndItsEvaluationsAreCounted()
    {
        var source = new NormalAroundZero(3);
        var options = new SamplerOptions { Chains = 2, Warmup = 30, Draws = 20, Seed = 5, InitialPoints = source };
        var a = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(4)), options);
        var b = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(4)), options with { MaxDegreeOfParallelism = 1, InitialPoints = new NormalAroundZero(0) });
        // The chain's stream: the same seed gives the same start and the same draws; chains start apart.
        Assert.Equal(a.Chains[0].Draws, b.Chains[0].Draws);
        Assert.Equal(a.Chains[1].Draws, b.Chains[1].Draws);
        Assert.NotEqual(source.Starts[0], source.Starts[1]);
        Assert.Equal(RandomStream.ForChain(5, 1).NextStandardNormal(), source.Starts[1][0]);
        // The source's three evaluations are counted with the chain's.
        Assert.Equal(b.Chains[0].GradientEvaluations + 3, a.Chains[0].GradientEvaluations);
        Assert.Equal(b.Chains[1].GradientEvaluations + 3, a.Chains[1].GradientEvaluations);
    }

    [Fact]
    public void StartWithNoFiniteDensityIsRefusedClearly()
    {
        var options = new SamplerOptions { Chains = 2, Warmup = 10, Draws = 10, InitialPoints = new GivenInitialPoints([[0.5, 0.5, 0.5], [2.0, 0.5, 0.5]]) };
        var ex = Assert.Throws<SamplerInitializationException>(() => NutsSampler.Run(LogDensityFactory.Shared(new FiniteBelowOne()), options));
        Assert.Equal(1, ex.Chain);
        Assert.Contains("Chain 2: the initial point given has a log density of -Infinity", ex.Message);
    }

    [Fact]
    public void StartWithNoFiniteGradientOrValueIsRefusedClearly()
    {
        var options = new SamplerOptions { Chains = 1, Warmup = 10, Draws = 10, InitialPoints = new GivenInitialPoints([[0.5, -1.0, 0.5]]) };
        var ex = Assert.Throws<SamplerInitializationException>(() => NutsSampler.Run(LogDensityFactory.Shared(new FiniteBelowOne()), options));
        Assert.Contains("gradient that is not finite at unconstrained coordinate 2", ex.Message);
        options = options with { InitialPoints = new GivenInitialPoints([[0.5, double.NaN, 0.5]]) };
        ex = Assert.Throws<SamplerInitializationException>(() => NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(3)), options));
        Assert.Contains("not finite at unconstrained coordinate 2", ex.Message);
    }

    [Fact]
    public void TooFewPointsOrTheWrongLengthAreSettingErrors()
    {
        var options = new SamplerOptions { Chains = 2, InitialPoints = new GivenInitialPoints([[0.0, 0.0]]) };
        var e = Assert.Throws<SettingOutOfRangeException>(options.Validate);
        Assert.Equal(nameof(SamplerOptions.InitialPoints), e.ParamName);
        var wrongLength = new SamplerOptions { Chains = 1, Warmup = 5, Draws = 5, InitialPoints = new GivenInitialPoints([[0.0, 0.0]]) };
        Assert.Throws<ArgumentException>(() => NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(3)), wrongLength));
    }

    /// <summary>
    /// Stan's random start is unchanged: these draws' SHA-256 was recorded before initial points could be given, and
    /// null <see cref="SamplerOptions.InitialPoints"/> still gives them, bit for bit.
    /// </summary>
    [Fact]
    public void RandomStartDrawsAreBitIdenticalToBefore()
    {
        var options = new SamplerOptions
        {
            Chains = 2, Warmup = 150, Draws = 50, Seed = 17, MaxDegreeOfParallelism = 1,
            Adaptation = AdaptationKind.Stan, Metric = MetricKind.Diagonal, ModeSearchIterations = 0, // the defaults when the hash was recorded
        };
        var result = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Scales100()), options);
        // The vector arithmetic sums in another order where 512-bit vectors are accelerated: one hash per width.
        Assert.Equal(Vector512.IsHardwareAccelerated ? RecordedRandomStartHash512 : RecordedRandomStartHash256, Hash(result));
    }

    private const string RecordedRandomStartHash512 = "1199596cc70f3cbd25791b24391c214a3f08fc370f450ce1bec67a0a37d54947";

    /// <summary>The same draws on a machine without AVX-512 (recorded on an AMD EPYC with AVX2, at 095fab4).</summary>
    private const string RecordedRandomStartHash256 = "9e99ebf438e7513496e332234083c0934f52a2f2c50b26d22914edbf6de53a9a";

    private static string Hash(SamplingResult result)
    {
        var bytes = new List<byte>();
        foreach (var chain in result.Chains)
        {
            foreach (double v in chain.Draws) bytes.AddRange(BitConverter.GetBytes(v));
            bytes.AddRange(BitConverter.GetBytes(chain.StepSize));
            bytes.AddRange(BitConverter.GetBytes(chain.GradientEvaluations));
        }
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }

    /// <summary>Records the first position it is asked to evaluate.</summary>
    private sealed class FirstPositionRecorder(ILogDensity inner) : ILogDensity
    {
        public double[]? First { get; private set; }

        public int Dimension => inner.Dimension;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
        {
            First ??= position.ToArray();
            return inner.Evaluate(position, gradient);
        }
    }

    /// <summary>Each chain starts at standard normal draws from its own stream, after <paramref name="evaluations"/> evaluations of the density.</summary>
    private sealed class NormalAroundZero(int evaluations) : IInitialPointSource
    {
        public double[][] Starts { get; } = new double[2][];

        public void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position)
        {
            for (int i = 0; i < position.Length; i++) position[i] = rng.NextStandardNormal();
            var g = new double[position.Length];
            for (int k = 0; k < evaluations; k++) density.Evaluate(position, g);
            Starts[chain] = position.ToArray();
        }
    }

    /// <summary>A standard normal on x₁ &lt; 1, −∞ beyond; the gradient of x₂ is NaN where x₂ &lt; 0.</summary>
    private sealed class FiniteBelowOne : ILogDensity
    {
        public int Dimension => 3;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
        {
            double lp = 0;
            for (int i = 0; i < 3; i++) { lp -= 0.5 * position[i] * position[i]; gradient[i] = -position[i]; }
            if (position[1] < 0) gradient[1] = double.NaN;
            return position[0] < 1 ? lp : double.NegativeInfinity;
        }
    }
}
