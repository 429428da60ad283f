// Undefined densities, failing densities, cancellation and determinism across degrees of parallelism.
using BayesGlmm.Sampling;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Chains;

public sealed class RobustnessTests
{
    [Fact]
    public void NaNRegionGivesDivergencesNotACrash()
    {
        const double cut = 0.5;
        var options = new SamplerOptions { Chains = 2, Warmup = 300, Draws = 300, Seed = 3 };
        SamplingResult result = NutsSampler.Run(LogDensityFactory.Shared(new NaNBeyond(3, cut)), options);
        int divergences = result.Chains.Sum(c => c.Statistics.Count(s => s.Divergent));
        Assert.True(divergences > 0);
        foreach (ChainResult chain in result.Chains)
        {
            Assert.Equal(300, chain.CompletedDraws);
            for (int k = 0; k < chain.CompletedDraws; k++) Assert.True(chain.Draws[k * 3] <= cut);
            Assert.All(chain.Statistics, s => Assert.True(double.IsFinite(s.LogDensity) && double.IsFinite(s.Energy)));
            Assert.All(chain.Statistics, s => Assert.InRange(s.AcceptStat, 0, 1));
        }
    }

    [Fact]
    public void DrawsAreBitIdenticalWhateverTheParallelism()
    {
        var target = CorrelatedGaussian.CorrGauss50();
        var serial = new SamplerOptions { Chains = 4, Warmup = 200, Draws = 100, Seed = 42, MaxDegreeOfParallelism = 1 };
        SamplingResult a = NutsSampler.Run(LogDensityFactory.From(50, () => target), serial);
        SamplingResult b = NutsSampler.Run(LogDensityFactory.From(50, () => target), serial with { MaxDegreeOfParallelism = 4 });
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(a.Chains[c].Draws, b.Chains[c].Draws);
            Assert.Equal(a.Chains[c].Statistics, b.Chains[c].Statistics);
            Assert.Equal(a.Chains[c].InverseMetric, b.Chains[c].InverseMetric);
            Assert.Equal(a.Chains[c].StepSize, b.Chains[c].StepSize);
        }
        Assert.NotEqual(a.Chains[0].Draws, a.Chains[1].Draws);
    }

    [Fact]
    public void DenseRunIsDeterministicToo()
    {
        var target = IndependentNormal.Standard(5);
        var options = new SamplerOptions { Chains = 2, Warmup = 150, Draws = 50, Seed = 9, Adaptation = AdaptationKind.Stan, Metric = MetricKind.Dense, MaxDegreeOfParallelism = 2 };
        SamplingResult a = NutsSampler.Run(LogDensityFactory.Shared(target), options);
        SamplingResult b = NutsSampler.Run(LogDensityFactory.Shared(target), options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Chains[1].Draws, b.Chains[1].Draws);
        Assert.Equal(25, a.Chains[0].InverseMetric.Length);
    }

    [Theory]
    [InlineData(AdaptationKind.Fisher, MetricKind.Diagonal, IntegratorKind.Leapfrog)]
    [InlineData(AdaptationKind.Fisher, MetricKind.LowRank, IntegratorKind.Leapfrog)]
    [InlineData(AdaptationKind.Fisher, MetricKind.Diagonal, IntegratorKind.Walnuts)]
    [InlineData(AdaptationKind.Stan, MetricKind.Diagonal, IntegratorKind.Walnuts)]
    public void EveryConfigurationIsDeterministicWhateverTheParallelism(AdaptationKind adaptation, MetricKind metric, IntegratorKind integrator)
    {
        var target = new CentredFunnel(1.5, 4);
        var options = new SamplerOptions
        {
            Chains = 3, Warmup = 200, Draws = 100, Seed = 77, MaxDegreeOfParallelism = 3,
            Adaptation = adaptation, Metric = metric, Integrator = integrator,
            Walnuts = new WalnutsOptions { DuringWarmup = true },
        };
        SamplingResult a = NutsSampler.Run(LogDensityFactory.Shared(target), options);
        SamplingResult b = NutsSampler.Run(LogDensityFactory.Shared(target), options with { MaxDegreeOfParallelism = 1 });
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(a.Chains[c].Draws, b.Chains[c].Draws);
            Assert.Equal(a.Chains[c].Statistics, b.Chains[c].Statistics);
            Assert.Equal(a.Chains[c].InverseMetric, b.Chains[c].InverseMetric);
        }
        Assert.Equal(metric == MetricKind.LowRank, a.Chains[0].LowRank is not null);
    }

    [Fact]
    public void CancellationReturnsTheDrawsMadeSoFar()
    {
        using var cts = new CancellationTokenSource();
        var sink = new CancelAt(cts, chain: 0, samplingIteration: 100);
        var options = new SamplerOptions { Chains = 3, Warmup = 100, Draws = 500, Seed = 5, MaxDegreeOfParallelism = 1 };
        SamplingResult result = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(4)), options, sink, null, cts.Token);
        Assert.True(result.Cancelled);
        ChainResult first = result.Chains[0];
        Assert.Equal(101, first.CompletedDraws);
        Assert.Equal(101 * 4, first.Draws.Length);
        Assert.Equal(101, first.Statistics.Length);
        Assert.All(result.Chains, c => Assert.True(c.CompletedDraws < 500));
    }

    [Fact]
    public void UncancelledRunIsNotMarkedCancelled()
    {
        var options = new SamplerOptions { Chains = 2, Warmup = 50, Draws = 50 };
        var progress = new Recorder();
        SamplingResult result = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(2)), options, null, progress);
        Assert.False(result.Cancelled);
        Assert.All(result.Chains, c => Assert.Equal(50, c.CompletedDraws));
        Assert.All(result.Chains, c => Assert.Equal(c.SamplingLeapfrogSteps, c.Statistics.Sum(s => (long)s.LeapfrogSteps)));
        Assert.All(result.Chains, c => Assert.True(c.GradientEvaluations > c.WarmupLeapfrogSteps + c.SamplingLeapfrogSteps));
    }

    [Fact]
    public void InitialisationFailureSaysSo()
    {
        var options = new SamplerOptions { Chains = 2, Warmup = 10, Draws = 10 };
        var ex = Assert.Throws<SamplerInitializationException>(() => NutsSampler.Run(LogDensityFactory.Shared(new NowhereFinite(3)), options));
        Assert.Contains("after 100 attempts", ex.Message);
        Assert.Contains("finite log density", ex.Message);
        Assert.Equal(100, ex.Attempts);
    }

    [Fact]
    public void ThrowingDensityStopsTheRunWithChainAndIteration()
    {
        var options = new SamplerOptions { Chains = 2, Warmup = 100, Draws = 100, MaxDegreeOfParallelism = 1 };
        var ex = Assert.Throws<LogDensityException>(() => NutsSampler.Run(LogDensityFactory.From(2, () => new ThrowsOnEvaluation(2, 200)), options));
        Assert.Equal(0, ex.Chain);
        Assert.True(ex.Iteration >= 0);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Contains("boom", ex.Message);
    }

    [Fact]
    public void SinkSeesEveryIterationInOrder()
    {
        var sink = new Counter();
        var options = new SamplerOptions { Chains = 2, Warmup = 30, Draws = 20, MaxDegreeOfParallelism = 1 };
        NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(2)), options, sink);
        Assert.Equal(2 * 50, sink.Calls.Count);
        var chain0 = sink.Calls.Where(c => c.Chain == 0).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (0, i, true)).Concat(Enumerable.Range(0, 20).Select(i => (0, i, false))), chain0);
    }

    [Fact]
    public void ShortWarmupStillAdaptsTheMetric()
    {
        var target = new IndependentNormal([0.1, 10.0]);
        foreach (var adaptation in new[] { AdaptationKind.Stan, AdaptationKind.Fisher })
        {
            var options = new SamplerOptions { Chains = 1, Warmup = 100, Draws = 10, Seed = 2, Metric = MetricKind.Diagonal, Adaptation = adaptation };
            ChainResult chain = NutsSampler.Run(LogDensityFactory.Shared(target), options).Chains[0];
            Assert.NotEqual(1.0, chain.InverseMetric[0]);
            Assert.True(chain.InverseMetric[1] > 10 * chain.InverseMetric[0], $"{adaptation}: {chain.InverseMetric[0]}, {chain.InverseMetric[1]}");

            // Too short for a window: Stan keeps the identity; the Fisher windows (10 draws early on) still adapt.
            ChainResult tiny = NutsSampler.Run(LogDensityFactory.Shared(target), options with { Warmup = 19 }).Chains[0];
            if (adaptation == AdaptationKind.Stan) Assert.Equal([1.0, 1.0], tiny.InverseMetric);
            else Assert.True(tiny.InverseMetric[1] > 10 * tiny.InverseMetric[0] && tiny.InverseMetric[1] < 1e3, string.Join(", ", tiny.InverseMetric));
        }
        // The low-rank form at the shortest warmups, from a start moved to the mode (gradient ≈ 0, nuts-rs's first metric
        // 1/|g| ≈ 10²⁰): a finite metric of the target's scale, not the first one kept.
        foreach (int warmup in new[] { 5, 19, 40 })
        {
            var options = new SamplerOptions { Chains = 1, Warmup = warmup, Draws = 10, Seed = 2 };
            ChainResult chain = NutsSampler.Run(LogDensityFactory.Shared(target), options).Chains[0];
            Assert.True(chain.InverseMetric.All(v => v is > 1e-4 and < 1e4), $"warmup {warmup}: {string.Join(", ", chain.InverseMetric)}");
        }
    }

    private sealed class CancelAt(CancellationTokenSource cts, int chain, int samplingIteration) : IDrawSink
    {
        public void OnDraw(int c, int iteration, bool isWarmup, ReadOnlySpan<double> position, in SamplerStatistics statistics)
        {
            if (c == chain && !isWarmup && iteration == samplingIteration) cts.Cancel();
        }
    }

    private sealed class Counter : IDrawSink
    {
        public List<(int Chain, int Iteration, bool IsWarmup)> Calls { get; } = [];

        public void OnDraw(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> position, in SamplerStatistics statistics)
        {
            lock (Calls) Calls.Add((chain, iteration, isWarmup));
        }
    }

    private sealed class Recorder : IProgress<ChainProgress>
    {
        public void Report(ChainProgress value) { }
    }
}
