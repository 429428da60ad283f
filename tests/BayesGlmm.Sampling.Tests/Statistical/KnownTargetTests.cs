// The sampler on targets with known moments, at fixed seeds, with tolerances in Monte Carlo standard errors.
using BayesGlmm.Sampling;
using BayesGlmm.Sampling.Tests.Support;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Statistical;

[Trait("Category", "Slow")]
public sealed class KnownTargetTests
{
    private static SamplingResult Sample(ILogDensity density, MetricKind metric = MetricKind.Diagonal, ulong seed = 11) =>
        NutsSampler.Run(LogDensityFactory.Shared(density), StanEngine with { Seed = seed, Metric = metric });

    /// <summary>Stan's engine (windowed adaptation, warmup 1000, random start), which these targets were first checked with.</summary>
    private static readonly SamplerOptions StanEngine = new() { Adaptation = AdaptationKind.Stan, Metric = MetricKind.Diagonal, Warmup = 1000, ModeSearchIterations = 0 };

    private static void NoDivergences(SamplingResult result) =>
        Assert.All(result.Chains, c => Assert.DoesNotContain(c.Statistics, s => s.Divergent));

    [Fact]
    public void StandardNormal100()
    {
        var target = IndependentNormal.Standard(100);
        SamplingResult result = Sample(target);
        NoDivergences(result);
        MomentAssert.MeansAndVariances(result, Enumerable.Range(0, 100).ToArray(), _ => 0, _ => 1);
        // Adapted variances: the last window's n = 500 draws give (n/(n+5))·v̂ + 1e-3·5/(n+5), sd(v̂) ≈ sqrt(2/n_eff).
        const double n = 500, nEff = n / 2;
        double expected = n / (n + 5) + 1e-3 * 5 / (n + 5), sd = n / (n + 5) * Math.Sqrt(2 / nEff);
        double z = RunDraws.SimultaneousZ(4 * 100);
        Assert.All(result.Chains, c => Assert.All(c.InverseMetric, v => Assert.InRange(v, expected - z * sd, expected + z * sd)));
    }

    [Fact]
    public void Scales100()
    {
        var target = IndependentNormal.Scales100();
        SamplingResult result = Sample(target);
        NoDivergences(result);
        MomentAssert.MeansAndVariances(result, Enumerable.Range(0, 100).ToArray(), _ => 0, i => target.Scales[i] * target.Scales[i]);
    }

    [Fact]
    public void CorrelatedGaussian50WithDenseMetricRecoversCovariance()
    {
        var target = CorrelatedGaussian.CorrGauss50();
        int d = target.Dimension;
        SamplingResult result = Sample(target, MetricKind.Dense);
        NoDivergences(result);
        MomentAssert.MeansAndVariances(result, Enumerable.Range(0, d).ToArray(), _ => 0, i => target.Covariance[i * d + i]);

        // The last window holds n = 500 draws; the estimate is (n/(n+5))·Ŝ + 1e-3·5/(n+5)·I. For Gaussian draws
        // Var(Ŝ_ij) ≈ (S_ij² + S_ii·S_jj)/n_eff; n_eff = n/2 allows for autocorrelation within the window.
        const double n = 500, nEff = n / 2;
        double z = RunDraws.SimultaneousZ(result.Chains.Count * d * (d + 1) / 2);
        foreach (ChainResult chain in result.Chains)
        {
            Assert.Equal(d * d, chain.InverseMetric.Length);
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double s = target.Covariance[i * d + j];
                    double expected = n / (n + 5) * s + (i == j ? 1e-3 * 5 / (n + 5) : 0);
                    double sd = n / (n + 5) * Math.Sqrt((s * s + target.Covariance[i * d + i] * target.Covariance[j * d + j]) / nEff);
                    double got = chain.InverseMetric[i * d + j];
                    Assert.True(Math.Abs(got - expected) <= z * sd, $"chain {chain.Chain} M⁻¹[{i},{j}] = {got:G5}, S = {s:G5}, sd {sd:G3}");
                }
        }
    }

    [Fact]
    public void NonCentredFunnel()
    {
        SamplingResult result = Sample(new NonCentredFunnel());
        NoDivergences(result);
        MomentAssert.MeansAndVariances(result, Enumerable.Range(0, 10).ToArray(), _ => 0, i => i == 0 ? 9 : 1);
    }

    [Fact]
    public void ParameterConstrainedThroughExp()
    {
        const double mu = 0.5, sigma = 0.6;
        SamplingResult result = Sample(new LogNormalThroughExp(mu, sigma));
        NoDivergences(result);
        double z = RunDraws.SimultaneousZ(2);
        // E[y] = exp(μ + σ²/2) on the constrained scale; θ = log y ~ N(μ, σ²).
        var (meanY, seY) = MonteCarlo.Estimate(RunDraws.Map(result, x => Math.Exp(x[0])));
        double exactY = Math.Exp(mu + sigma * sigma / 2);
        Assert.True(Math.Abs(meanY - exactY) <= z * seY, $"E[y] = {meanY}, exact {exactY}, MCSE {seY}");
        MomentAssert.MeansAndVariances(result, [0], _ => mu, _ => sigma * sigma);
    }
}
