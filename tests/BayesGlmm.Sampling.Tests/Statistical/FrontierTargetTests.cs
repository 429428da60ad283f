// The sampler frontier on known targets: WALNUTS on a centred funnel, the low-rank metric on a Gaussian with a few dominant directions.
using BayesGlmm.Diagnostics;
using BayesGlmm.Sampling;
using BayesGlmm.Sampling.Tests.Adaptation;
using BayesGlmm.Sampling.Tests.Support;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Statistical;

[Trait("Category", "Slow")]
public sealed class FrontierTargetTests
{
    [Theory]
    [InlineData(AdaptationKind.Stan)]
    [InlineData(AdaptationKind.Fisher)]
    public void WalnutsSamplesACentredFunnelWithoutDivergences(AdaptationKind adaptation)
    {
        // v ~ N(0, 1.5²), x_i | v ~ N(0, e^v), i = 1..4: plain leapfrog NUTS diverges in the neck at its adapted step
        // size; WALNUTS (the default integrator) refines those steps, must report no divergence and must get v's mean
        // and variance right.
        var target = new CentredFunnel(1.5, 4);
        var options = new SamplerOptions { Seed = 31 }.WithAdaptation(adaptation, null);
        Assert.Equal(IntegratorKind.Walnuts, options.Integrator);
        SamplingResult leapfrog = NutsSampler.Run(LogDensityFactory.Shared(target), options with { Integrator = IntegratorKind.Leapfrog });
        Assert.True(Divergences(leapfrog) > 0, "the funnel must make plain NUTS diverge for this test to mean anything");

        SamplingResult walnuts = NutsSampler.Run(LogDensityFactory.Shared(target), options);
        Assert.Equal(0, Divergences(walnuts));
        MomentAssert.MeansAndVariances(walnuts, [0], _ => 0, _ => 1.5 * 1.5);
        // x_i has mean 0 and variance E[e^v] = e^(σ²/2).
        MomentAssert.MeansAndVariances(walnuts, [1, 2, 3, 4], _ => 0, _ => Math.Exp(1.5 * 1.5 / 2));
    }

    [Fact]
    public void LowRankMetricRecoversTheDominantDirectionsOfAGaussian()
    {
        // A 50-dimensional Gaussian with variance 0.5 except along three orthonormal directions (variances 100, 20,
        // 0.02). The diagonal metric cannot see them; the adapted low-rank metric must, within a factor of 1.5, in every
        // chain, and the draws must have the right moments.
        const int d = 50;
        double[] variances = [100, 20, 0.02];
        var (cov, _, directions) = FisherEstimatorTests.LowRankCovariance(d, variances, seed: 41);
        var target = new CorrelatedGaussian(cov, d);
        var options = new SamplerOptions { Seed = 43, Adaptation = AdaptationKind.Fisher, Metric = MetricKind.LowRank };
        SamplingResult result = NutsSampler.Run(LogDensityFactory.Shared(target), options);
        Assert.Equal(0, Divergences(result));
        MomentAssert.MeansAndVariances(result, Enumerable.Range(0, d).ToArray(), _ => 0, i => cov[i * d + i]);

        foreach (ChainResult chain in result.Chains)
        {
            LowRankFactors f = chain.LowRank!;
            for (int k = 0; k < directions.Length; k++)
            {
                double quad = Quadratic(f, directions[k], d);
                Assert.True(quad / variances[k] is > 1 / 1.5 and < 1.5, $"chain {chain.Chain}, direction {k}: vᵀM⁻¹v = {quad:G4}, variance {variances[k]}");
            }
        }

        // The same target with the diagonal Fisher metric: the low-rank metric's min bulk ESS per gradient must be larger.
        SamplingResult diagonal = NutsSampler.Run(LogDensityFactory.Shared(target), options with { Metric = MetricKind.Diagonal });
        Assert.True(EssPerGradient(result, d) > 2 * EssPerGradient(diagonal, d),
            $"low-rank {EssPerGradient(result, d):G3} vs diagonal {EssPerGradient(diagonal, d):G3} ESS per gradient");
    }

    private static int Divergences(SamplingResult r) => r.Chains.Sum(c => c.Statistics.Count(s => s.Divergent));

    private static double EssPerGradient(SamplingResult r, int d)
    {
        double ess = Enumerable.Range(0, d).Min(i => Ess.Bulk(RunDraws.Coordinate(r, i).ToArray()));
        return ess / r.Chains.Sum(c => c.WarmupLeapfrogSteps + c.SamplingLeapfrogSteps);
    }

    /// <summary>vᵀM⁻¹v for M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ).</summary>
    private static double Quadratic(LowRankFactors f, double[] v, int d)
    {
        var w = new double[d];
        for (int i = 0; i < d; i++) w[i] = f.Scales[i] * v[i];
        double q = w.Sum(x => x * x);
        for (int k = 0; k < f.Eigenvalues.Length; k++)
        {
            double dot = 0;
            for (int i = 0; i < d; i++) dot += f.Directions[k * d + i] * w[i];
            q += (f.Eigenvalues[k] - 1) * dot * dot;
        }
        return q;
    }
}
