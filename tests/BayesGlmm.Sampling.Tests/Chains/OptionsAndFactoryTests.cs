// Option validation, density factories and progress reports.
using BayesGlmm.Sampling;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Chains;

public sealed class OptionsAndFactoryTests
{
    [Fact]
    public void DefaultsAreTheMeasuredOnesAndOtherwiseStans()
    {
        var o = new SamplerOptions();
        Assert.Equal((4, 300, 1000, 1UL, 0.8, 10, MetricKind.LowRank, 2.0), (o.Chains, o.Warmup, o.Draws, o.Seed, o.AdaptDelta, o.MaxTreeDepth, o.Metric, o.InitRadius));
        Assert.Equal((AdaptationKind.Fisher, IntegratorKind.Walnuts, 200), (o.Adaptation, o.Integrator, o.ModeSearchIterations));
        // Naming Stan's adaptation alone gives Stan's diagonal metric; a metric named stays.
        Assert.Equal(MetricKind.Diagonal, o.WithAdaptation(AdaptationKind.Stan, null).Metric);
        Assert.Equal(MetricKind.Dense, o.WithAdaptation(AdaptationKind.Stan, MetricKind.Dense).Metric);
        Assert.Equal((AdaptationKind.Fisher, MetricKind.Diagonal), (o.WithAdaptation(null, MetricKind.Diagonal).Adaptation, o.WithAdaptation(null, MetricKind.Diagonal).Metric));
        Assert.Equal(AdaptationKind.Stan, o.WithAdaptation(null, MetricKind.Dense).Adaptation);
        Assert.Equal(MetricKind.LowRank, (o with { Metric = MetricKind.Dense, Adaptation = AdaptationKind.Stan }).WithAdaptation(AdaptationKind.Fisher, null).Metric);
        Assert.Equal((0.05, 0.75, 10.0, 75, 50, 25, 1.0, 0.0), (o.Gamma, o.Kappa, o.T0, o.InitBuffer, o.TermBuffer, o.BaseWindow, o.InitialStepSize, o.StepSizeJitter));
        Assert.Null(o.MaxDegreeOfParallelism);
    }

    [Theory]
    [InlineData("Chains")]
    [InlineData("AdaptDelta")]
    [InlineData("MaxTreeDepth")]
    [InlineData("InitRadius")]
    [InlineData("StepSizeJitter")]
    public void BadOptionsAreRejectedByName(string name)
    {
        var bad = name switch
        {
            "Chains" => new SamplerOptions { Chains = 0 },
            "AdaptDelta" => new SamplerOptions { AdaptDelta = 1.0 },
            "MaxTreeDepth" => new SamplerOptions { MaxTreeDepth = 0 },
            "InitRadius" => new SamplerOptions { InitRadius = -1 },
            _ => new SamplerOptions { StepSizeJitter = 2 },
        };
        var ex = Assert.Throws<SettingOutOfRangeException>(() => NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(1)), bad));
        Assert.Equal(name, ex.ParamName);
        Assert.StartsWith(name + " = ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SamplerOptions.RangeOf(name), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MetricKind.Dense, AdaptationKind.Fisher)]
    [InlineData(MetricKind.LowRank, AdaptationKind.Stan)]
    public void MetricsGoWithTheirAdaptation(MetricKind metric, AdaptationKind adaptation)
    {
        var bad = new SamplerOptions { Metric = metric, Adaptation = adaptation };
        var ex = Assert.Throws<SettingOutOfRangeException>(() => NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(1)), bad));
        Assert.Equal("Metric", ex.ParamName);
        Assert.StartsWith($"Metric = {MetricNames.Of(metric)}: it must be ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FisherAndWalnutsSettingsAreChecked()
    {
        var target = LogDensityFactory.Shared(IndependentNormal.Standard(1));
        Assert.Equal("StepSizeFraction", Assert.Throws<ArgumentOutOfRangeException>(() =>
            NutsSampler.Run(target, new SamplerOptions { Fisher = new FisherAdaptationOptions { EarlyFraction = 0.9, StepSizeFraction = 0.2 } })).ParamName);
        Assert.Equal("MaxEnergyError", Assert.Throws<ArgumentOutOfRangeException>(() =>
            NutsSampler.Run(target, new SamplerOptions { Walnuts = new WalnutsOptions { MaxEnergyError = 0 } })).ParamName);
    }

    [Theory]
    [InlineData(AdaptationKind.Fisher, MetricKind.Diagonal)]
    [InlineData(AdaptationKind.Fisher, MetricKind.LowRank)]
    public void ZeroWarmupKeepsTheIdentityMetricWhateverTheAdaptation(AdaptationKind adaptation, MetricKind metric)
    {
        var options = new SamplerOptions { Chains = 1, Warmup = 0, Draws = 10, Adaptation = adaptation, Metric = metric };
        ChainResult chain = NutsSampler.Run(LogDensityFactory.Shared(new IndependentNormal([3, 0.1])), options).Chains[0];
        Assert.Equal([1.0, 1.0], chain.InverseMetric);
    }

    [Fact]
    public void FactoryMakesOneDensityPerChainAndChecksItsDimension()
    {
        int made = 0;
        var factory = LogDensityFactory.From(2, () => { Interlocked.Increment(ref made); return IndependentNormal.Standard(2); });
        NutsSampler.Run(factory, new SamplerOptions { Chains = 3, Warmup = 10, Draws = 10 });
        Assert.Equal(3, made);

        var wrong = LogDensityFactory.From(3, () => IndependentNormal.Standard(2));
        Assert.Throws<InvalidOperationException>(() => NutsSampler.Run(wrong, new SamplerOptions { Chains = 1, Warmup = 10, Draws = 10 }));
    }

    [Fact]
    public void ProgressEndsAtTheLastIterationOfEveryChain()
    {
        var progress = new Collect();
        NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(2)), new SamplerOptions { Chains = 2, Warmup = 150, Draws = 100 }, null, progress);
        foreach (int chain in new[] { 0, 1 })
        {
            var reports = progress.Reports.Where(r => r.Chain == chain).ToList();
            Assert.Equal(250, reports[^1].Iteration);
            Assert.Equal(150, reports[^1].WarmupIterations);
            Assert.Equal(250, reports[^1].TotalIterations);
            Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Iteration < p.Second.Iteration));
        }
    }

    [Fact]
    public void ZeroWarmupSamplesAtTheHeuristicStepSizeWithTheIdentityMetric()
    {
        ChainResult chain = NutsSampler.Run(LogDensityFactory.Shared(IndependentNormal.Standard(3)), new SamplerOptions { Chains = 1, Warmup = 0, Draws = 20 }).Chains[0];
        Assert.Equal(20, chain.CompletedDraws);
        Assert.Equal(0, chain.WarmupLeapfrogSteps);
        Assert.Equal([1.0, 1.0, 1.0], chain.InverseMetric);
        Assert.All(chain.Statistics, s => Assert.Equal(chain.StepSize, s.StepSize));
        Assert.Equal(Math.Round(Math.Log2(chain.StepSize)), Math.Log2(chain.StepSize));
    }

    private sealed class Collect : IProgress<ChainProgress>
    {
        public List<ChainProgress> Reports { get; } = [];

        public void Report(ChainProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }
}
