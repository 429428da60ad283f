using System.Globalization;
using BayesGlmm.Diagnostics.ImportanceSampling;
using BayesGlmm.Numerics.Random;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Diagnostics.Tests.ImportanceSampling;

public sealed class PsisTests
{
    private static double ExpectedK(string label)
    {
        foreach (var line in File.ReadAllLines(ReferenceFiles.PathOf("psis_khat.txt")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] == label) return double.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"No k for {label}.");
    }

    [Theory]
    [InlineData("psis_lr1.csv", "lr1")]
    [InlineData("psis_lr2.csv", "lr2")]
    public void SmoothedWeightsAndKMatchLoo251(string file, string label)
    {
        var columns = ReferenceFiles.ReadColumns(file);
        var result = Psis.Smooth(columns[0], 1.0);
        for (int s = 0; s < columns[0].Length; s++)
        {
            double expected = columns[1][s];
            Assert.True(Math.Abs(result.LogWeights[s] - expected) <= 1e-6 * Math.Abs(expected) + 1e-12,
                $"draw {s + 1}: {result.LogWeights[s]:R} vs {expected:R}");
        }
        // psis_khat.txt holds R's 7-significant-digit print.
        double k = ExpectedK(label);
        Assert.True(Math.Abs(result.ParetoK - k) <= 5e-7 * Math.Abs(k) + 1e-7, $"k {result.ParetoK:R} vs {k}");
        Assert.Equal(190, result.TailLength);
    }

    [Fact]
    public void TailLengthTakesTheCeiling()
    {
        Assert.Equal(190, Psis.TailLength(4000, 1.0)); // 3·√4000 = 189.74
        Assert.Equal(20, Psis.TailLength(100, 1.0)); // 0.2·100 < 3·√100
        Assert.Equal(269, Psis.TailLength(4000, 0.5)); // 3·√8000 = 268.33
    }

    [Fact]
    public void GpdFitHasNoFirstQuartileGuard()
    {
        // loo 2.5.1: x = (0.5 × 8, 1..12 in 12 steps) gives k = 0.3635, σ = 3.095.
        var x = Enumerable.Repeat(0.5, 8).Concat(Enumerable.Range(0, 12).Select(i => 1.0 + i)).ToArray();
        var fit = GeneralizedPareto.Fit(x);
        Assert.Equal(0.3635, fit.Shape, 4);
        Assert.Equal(3.095, fit.Scale, 3);
    }

    [Fact]
    public void TooFewDrawsLeaveTheWeightsRawWithInfiniteK()
    {
        // S = 20: M = ⌈min(4, 13.4)⌉ = 4 < 5.
        var lr = Enumerable.Range(0, 20).Select(i => Math.Sin(i)).ToArray();
        var result = Psis.Smooth(lr);
        Assert.True(double.IsPositiveInfinity(result.ParetoK));
        double logSum = LogSpace.LogSumExp(lr);
        for (int i = 0; i < lr.Length; i++) Assert.Equal(lr[i] - logSum, result.LogWeights[i], 12);
    }

    [Fact]
    public void WeightsAreNormalisedAndOrderedAsTheRatios()
    {
        Prop.ForAll(Gen.Choose(30, 600).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (n, seed) =>
        {
            var rng = new RandomStream((ulong)seed);
            var lr = new double[n];
            for (int i = 0; i < n; i++) lr[i] = 2.0 * rng.NextStandardNormal();
            var result = Psis.Smooth(lr);
            double total = result.LogWeights.Sum(Math.Exp);
            var order = Enumerable.Range(0, n).OrderBy(i => lr[i]).ToArray();
            bool monotone = true;
            for (int j = 1; j < n; j++) monotone &= result.LogWeights[order[j]] >= result.LogWeights[order[j - 1]] - 1e-12;
            return Math.Abs(total - 1.0) < 1e-12 && monotone
                && result.EffectiveSampleSize > 0 && result.EffectiveSampleSize <= n * (1 + 1e-9);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void KIsSmallForLightTailsAndLargeForHeavyTails()
    {
        var rng = new RandomStream(11);
        // Normal log ratios: the ratios are lognormal, k near 0 for this spread.
        var light = Enumerable.Range(0, 4000).Select(_ => 0.3 * rng.NextStandardNormal()).ToArray();
        // Ratios r = U^(-1/α) are Pareto with shape 1/α = 2/3 ... take k = 1.5.
        var heavy = Enumerable.Range(0, 4000).Select(_ => -1.5 * Math.Log(rng.NextOpenDouble())).ToArray();
        Assert.True(Psis.Smooth(light).ParetoK < 0.5);
        double kHeavy = Psis.Smooth(heavy).ParetoK;
        Assert.InRange(kHeavy, 1.2, 1.8);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 8)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1024)]
    [InlineData(2000, 2000)]
    [InlineData(49, 50)]
    public void NextGoodFftSizeIsFiveSmooth(int n, int expected) =>
        Assert.Equal(expected, RelativeEfficiency.NextGoodFftSize(n));
}
