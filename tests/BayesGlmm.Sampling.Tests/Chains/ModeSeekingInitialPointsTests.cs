// Chains started from random points moved towards the mode: where they start, that they leave the far tail, and that they still sample the target.
using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Tests.Support;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Chains;

public sealed class ModeSeekingInitialPointsTests
{
    /// <summary>
    /// Poisson log rates with counts y_i and a normal(0, 10) prior: log π(x) = Σ y_i x_i − e^{x_i} − x_i²/200. From a random
    /// point in (−20, 20) the log density is as low as −e^20 ≈ −5·10⁸ (on any coordinate above 10, below −2·10⁴), the far
    /// tail that a short warmup cannot leave.
    /// </summary>
    private sealed class PoissonLogRates(double[] counts) : ILogDensity
    {
        public int Dimension => counts.Length;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
        {
            double lp = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                double x = position[i], rate = Math.Exp(x);
                lp += counts[i] * x - rate - x * x / 200;
                gradient[i] = counts[i] - rate - x / 100;
            }
            return lp;
        }

        /// <summary>The mode of coordinate i: y − eˣ − x/100 = 0, by Newton's method from log y.</summary>
        public double Mode(int i)
        {
            double x = Math.Log(counts[i]);
            for (int k = 0; k < 50; k++) x -= (counts[i] - Math.Exp(x) - x / 100) / (-Math.Exp(x) - 0.01);
            return x;
        }
    }

    [Fact]
    public void StartLeavesTheFarTailForTheModeFromTheChainsOwnRandomPoint()
    {
        var target = new PoissonLogRates([5, 0.5, 40, 12, 3]);
        var source = new ModeSeekingInitialPoints(radius: 20, relativeTolerance: 1e-15);
        var start = new double[5];
        source.Write(0, target, RandomStream.ForChain(3, 0), start);
        for (int i = 0; i < 5; i++) Assert.Equal(target.Mode(i), start[i], 1e-4);

        // No iterations is Stan's random start from the same stream: deep in the tail for this radius.
        var random = new double[5];
        new ModeSeekingInitialPoints(radius: 20, maximumIterations: 0).Write(0, target, RandomStream.ForChain(3, 0), random);
        var expected = RandomStream.ForChain(3, 0);
        for (int i = 0; i < 5; i++) Assert.Equal(expected.NextUniform(-20, 20), random[i]);
        var gradient = new double[5];
        double atRandom = target.Evaluate(random, gradient), atStart = target.Evaluate(start, gradient);
        Assert.True(atRandom < atStart - 1e4, $"log density {atRandom} at the random point, {atStart} at the start");
    }

    [Fact]
    public void TheIterationLimitStopsTheSearchBeforeTheMode()
    {
        var target = IndependentNormal.Scales100();
        var few = new double[100];
        new ModeSeekingInitialPoints(maximumIterations: 3).Write(0, target, RandomStream.ForChain(1, 0), few);
        var gradient = new double[100];
        double atStart = RandomStartLogDensity(target, 1, 0), afterFew = target.Evaluate(few, gradient);
        Assert.True(afterFew > atStart, $"{afterFew} after 3 iterations, {atStart} at the random point");
        Assert.True(afterFew < -1, $"{afterFew}: three iterations do not reach the mode (0) of scales100");
    }

    [Fact]
    public void ChainsStartedThereSampleTheTargetBitIdenticallyWhateverTheThreads()
    {
        var target = new PoissonLogRates([5, 0.5, 40, 12, 3]);
        var options = new SamplerOptions
        {
            Chains = 4, Warmup = 300, Draws = 1000, Seed = 11, Adaptation = AdaptationKind.Fisher, Metric = MetricKind.LowRank,
            InitialPoints = new ModeSeekingInitialPoints(radius: 20),
        };
        var result = NutsSampler.Run(LogDensityFactory.Shared(target), options);
        var serial = NutsSampler.Run(LogDensityFactory.Shared(target), options with { MaxDegreeOfParallelism = 1 });
        for (int c = 0; c < 4; c++) Assert.Equal(result.Chains[c].Draws, serial.Chains[c].Draws);

        // Each coordinate's posterior: log-gamma-like, mean and E[eˣ] against quadrature of the exact density.
        double z = RunDraws.SimultaneousZ(10);
        for (int i = 0; i < 5; i++)
        {
            var (mean, rateMean) = Moments(target, i);
            var x = RunDraws.Coordinate(result, i);
            double sampled = x.SelectMany(v => v).Average();
            Assert.True(Math.Abs(sampled - mean) <= z * Mcse.Mean(x), $"E[x_{i}] = {sampled}, exact {mean}");
            var rates = RunDraws.Map(result, p => Math.Exp(p[i]));
            double sampledRate = rates.SelectMany(v => v).Average();
            Assert.True(Math.Abs(sampledRate - rateMean) <= z * Mcse.Mean(rates), $"E[exp x_{i}] = {sampledRate}, exact {rateMean}");
        }
    }

    [Fact]
    public void TheSearchsEvaluationsAreCountedWithTheChainsGradients()
    {
        var target = IndependentNormal.Scales100();
        var options = new SamplerOptions { Chains = 1, Warmup = 50, Draws = 20, Seed = 2 };
        var counter = new CountingSource(new ModeSeekingInitialPoints(maximumIterations: 10));
        var started = NutsSampler.Run(LogDensityFactory.Shared(target), options with { InitialPoints = counter });
        Assert.True(counter.Evaluations > 10, $"{counter.Evaluations} evaluations in the search");
        Assert.True(started.Chains[0].GradientEvaluations >= counter.Evaluations + options.Warmup + options.Draws);
    }

    private static double RandomStartLogDensity(ILogDensity target, ulong seed, int chain)
    {
        var rng = RandomStream.ForChain(seed, chain);
        var x = new double[target.Dimension];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextUniform(-2, 2);
        return target.Evaluate(x, new double[x.Length]);
    }

    /// <summary>E[x] and E[eˣ] of coordinate i by the trapezoid rule on a fine grid around its mode.</summary>
    private static (double Mean, double RateMean) Moments(PoissonLogRates target, int i)
    {
        double mode = target.Mode(i), total = 0, first = 0, rate = 0;
        var point = new double[target.Dimension];
        var gradient = new double[target.Dimension];
        const int n = 200_001;
        double h = 24.0 / (n - 1);
        point[i] = mode;
        double top = Coordinate(target, point, gradient, i, mode);
        for (int k = 0; k < n; k++)
        {
            double x = mode - 12 + k * h, w = (k == 0 || k == n - 1 ? 0.5 : 1.0) * Math.Exp(Coordinate(target, point, gradient, i, x) - top);
            total += w;
            first += w * x;
            rate += w * Math.Exp(x);
        }
        return (first / total, rate / total);
    }

    private static double Coordinate(PoissonLogRates target, double[] point, double[] gradient, int i, double x)
    {
        Array.Clear(point);
        point[i] = x;
        // The other coordinates at 0 add the same constant at every x.
        return target.Evaluate(point, gradient);
    }

    /// <summary>Counts the evaluations the wrapped source makes of the chain's density.</summary>
    private sealed class CountingSource(IInitialPointSource inner) : IInitialPointSource
    {
        public int Evaluations { get; private set; }

        public void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position) =>
            inner.Write(chain, new Counted(density, this), rng, position);

        private sealed class Counted(ILogDensity density, CountingSource owner) : ILogDensity
        {
            public int Dimension => density.Dimension;

            public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
            {
                owner.Evaluations++;
                return density.Evaluate(position, gradient);
            }
        }
    }
}
