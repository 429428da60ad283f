// The edge cases of posterior 1.4.0 that the reference draws do not reach, and the small pieces on their own.
namespace BayesGlmm.Diagnostics.Tests;

public sealed class EdgeCaseTests
{
    private static double[][] Normal(int chains, int draws, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, chains).Select(_ => Enumerable.Range(0, draws).Select(_ =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray()).ToArray();
    }

    [Fact]
    public void ConstantDrawsGiveNaN()
    {
        double[][] chains = [[2, 2, 2, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2, 2, 2]];
        Assert.True(double.IsNaN(Rhat.Rank(chains)));
        Assert.True(double.IsNaN(Rhat.Basic(chains)));
        Assert.True(double.IsNaN(Ess.Bulk(chains)));
        Assert.True(double.IsNaN(Ess.Mean(chains)));
        Assert.True(double.IsNaN(Mcse.Mean(chains)));
        Assert.True(double.IsNaN(Mcse.Sd(chains)));
        Assert.True(double.IsNaN(Mcse.Quantile(chains, 0.5)));
    }

    [Fact]
    public void OneConstantChainIsStillComputed()
    {
        double[][] chains = Normal(4, 100, 1);
        Array.Fill(chains[2], 0.5);
        Assert.True(double.IsFinite(Ess.Bulk(chains)));
        Assert.True(double.IsFinite(Rhat.Rank(chains)));
    }

    [Fact]
    public void SplitChainsShorterThanThreeGiveNaNEssButAnRhat()
    {
        double[][] chains = Normal(4, 5, 2); // split chains of 2 draws
        Assert.True(double.IsNaN(Ess.Bulk(chains)));
        Assert.True(double.IsNaN(Ess.Mean(chains)));
        Assert.True(double.IsFinite(Rhat.Basic(chains)));
    }

    [Fact]
    public void NoLagPairsGiveTauTwo()
    {
        // 4 chains of 10 draws split into 8 chains of 5: the positive sequence stops at T = 0 and
        // τ̂ = −1 + 2ρ̂₀ + ρ̂₀ = 2 as posterior's R indexing gives, so ESS = 40/2 for any data.
        for (int seed = 0; seed < 5; seed++)
            Assert.Equal(20.0, Ess.Mean(Normal(4, 10, seed)), 12);
    }

    [Fact]
    public void AntitheticDrawsAreCappedAtSLog10S()
    {
        double[][] chains = Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? 1.0 : -1.0) * (1 + 0.001 * ((i * 7 + c) % 13))).ToArray()).ToArray();
        Assert.Equal(4000 * Math.Log10(4000), Ess.Mean(chains), 6);
    }

    [Fact]
    public void OddChainLengthDropsTheMiddleDraw()
    {
        double[][] odd = Normal(2, 21, 3);
        double[][] even = odd.Select(c => c.Take(10).Concat(c.Skip(11)).ToArray()).ToArray();
        Assert.Equal(Rhat.Basic(even), Rhat.Basic(odd), 14);
        Assert.Equal(Ess.Mean(even), Ess.Mean(odd), 10);
    }

    [Fact]
    public void SpanAndArrayOverloadsAgree()
    {
        double[][] chains = Normal(3, 200, 4);
        double[] flat = chains.SelectMany(c => c).ToArray();
        Assert.Equal(Ess.Bulk(chains), Ess.Bulk(flat, 3));
        Assert.Equal(Rhat.Rank(chains), Rhat.Rank(flat, 3));
        Assert.Equal(Mcse.Quantile(chains, 0.05), Mcse.Quantile(flat, 3, 0.05));
    }

    [Fact]
    public void UnequalChainsAreRejected() =>
        Assert.Throws<ArgumentException>(() => Ess.Bulk([[1.0, 2.0, 3.0], [1.0, 2.0]]));

    [Fact]
    public void EmptyInputGivesNaN()
    {
        Assert.True(double.IsNaN(Ess.Bulk(Array.Empty<double[]>())));
        Assert.True(double.IsNaN(Rhat.Rank([Array.Empty<double>()])));
        Assert.True(double.IsNaN(Quantiles.Type7([], 0.5)));
    }

    [Theory]
    [InlineData(0.33, 3.97)] // R: quantile(1:10, 0.33)
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 10.0)]
    [InlineData(0.5, 5.5)]
    [InlineData(0.05, 1.45)]
    public void Type7MatchesR(double p, double expected)
    {
        double[] values = [10, 3, 1, 2, 4, 5, 6, 7, 8, 9];
        Assert.Equal(expected, Quantiles.Type7(values, p), 12);
    }

    [Fact]
    public void Type7RejectsBadProbabilitiesAndNaN()
    {
        Assert.True(double.IsNaN(Quantiles.Type7([1.0, 2.0], 1.5)));
        Assert.True(double.IsNaN(Quantiles.Type7([1.0, double.NaN], 0.5)));
    }

    [Fact]
    public void EbfmiIsStansRatioOfSums()
    {
        // Differences 1, 1, 1 and deviations −1.5, −0.5, 0.5, 1.5: 3/5.
        Assert.Equal(0.6, SamplerChecks.Ebfmi([1.0, 2.0, 3.0, 4.0]), 14);
        Assert.True(double.IsNaN(SamplerChecks.Ebfmi([1.0])));
        Assert.True(double.IsNaN(SamplerChecks.Ebfmi([3.0, 3.0, 3.0])));
        Assert.True(double.IsNaN(SamplerChecks.Ebfmi([3.0, double.NaN, 3.0])));
    }

    [Fact]
    public void SamplerCountsReadTheSamplerColumns()
    {
        Assert.Equal(2, SamplerChecks.Divergences([0.0, 1.0, 0.0, 1.0]));
        Assert.Equal(0, SamplerChecks.Divergences([]));
        Assert.Equal(2, SamplerChecks.MaxTreeDepthHits([3.0, 10.0, 9.0, 10.0], 10));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 50)]
    [InlineData(3, 500)]
    [InlineData(4, 1000)]
    public void FftAutocovarianceMatchesDirectSums(int chains, int length)
    {
        double[][] x = Normal(chains, length, length);
        // Make the chains autocorrelated so that every lag carries signal.
        foreach (double[] chain in x)
            for (int i = 1; i < chain.Length; i++) chain[i] = 0.9 * chain[i - 1] + chain[i];
        double[] flat = x.SelectMany(c => c).ToArray();
        using var viaFft = new MeanAutocovariance(flat, chains);
        double scale = viaFft.At(0);
        viaFft.At(length - 1); // forces the FFT route for all lags
        for (int t = 0; t < length; t++)
        {
            double direct = 0;
            foreach (double[] chain in x)
            {
                double mean = chain.Average(), sum = 0;
                for (int i = 0; i + t < length; i++) sum += (chain[i] - mean) * (chain[i + t] - mean);
                direct += sum / length;
            }
            direct /= chains;
            Assert.True(Math.Abs(viaFft.At(t) - direct) <= 1e-12 * scale, $"lag {t}: {viaFft.At(t):R} vs {direct:R}");
        }
    }
}
