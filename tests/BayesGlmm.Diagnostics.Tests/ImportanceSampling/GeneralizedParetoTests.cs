using BayesGlmm.Diagnostics.ImportanceSampling;
using BayesGlmm.Numerics.Random;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Diagnostics.Tests.ImportanceSampling;

public sealed class GeneralizedParetoTests
{
    [Fact]
    public void QuantileInvertsTheDistributionFunction()
    {
        // F(x) = 1 − (1 + kx/σ)^(−1/k).
        Prop.ForAll(Gen.Choose(-40, 150).ToArbitrary(), Gen.Choose(1, 999).ToArbitrary(), (k100, p1000) =>
        {
            double k = k100 / 100.0 + 0.005, sigma = 1.7, p = p1000 / 1000.0;
            double x = new GeneralizedPareto(k, sigma).Quantile(p);
            double f = 1 - Math.Pow(1 + k * x / sigma, -1 / k);
            return Math.Abs(f - p) < 1e-10;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void QuantileIsNaNForANonPositiveScale() =>
        Assert.True(double.IsNaN(new GeneralizedPareto(0.3, 0).Quantile(0.5)));

    [Theory]
    [InlineData(0.3, 10000)]
    [InlineData(0.8, 10000)]
    [InlineData(-0.2, 10000)]
    public void FitRecoversTheShapeOfALargeSample(double k, int n)
    {
        // x = σ((1 − U)^(−k) − 1)/k; the prior's pull (n·k + 5)/(n + 10) is negligible at this n.
        var rng = new RandomStream((ulong)(1000 * k + 7));
        var x = Enumerable.Range(0, n).Select(_ => 2.0 * (Math.Pow(rng.NextOpenDouble(), -k) - 1) / k).Order().ToArray();
        var fit = GeneralizedPareto.Fit(x);
        // The asymptotic sd of the ML estimate is (1 + k)/√n ≈ 0.013–0.018 here: allow 4 sd.
        Assert.InRange(fit.Shape, k - 4 * (1 + k) / Math.Sqrt(n), k + 4 * (1 + k) / Math.Sqrt(n));
        Assert.InRange(fit.Scale, 1.8, 2.2);
    }

    [Fact]
    public void WithoutThePriorTheShapeIsNotShrunk()
    {
        var x = Enumerable.Repeat(0.5, 8).Concat(Enumerable.Range(0, 12).Select(i => 1.0 + i)).ToArray();
        var raw = GeneralizedPareto.Fit(x, weaklyInformativePrior: false);
        var shrunk = GeneralizedPareto.Fit(x);
        Assert.Equal((20 * raw.Shape + 5) / 30, shrunk.Shape, 14);
        Assert.Equal(raw.Scale, shrunk.Scale);
    }

    [Fact]
    public void LogOnePlusAndExpMinusOneAreAccurateNearZero()
    {
        Assert.Equal(1e-20, LogSpace.LogOnePlus(1e-20));
        Assert.Equal(1e-20, LogSpace.ExpMinusOne(1e-20));
        Assert.Equal(Math.Log(1.5), LogSpace.LogOnePlus(0.5), 15);
        Assert.Equal(Math.Exp(0.5) - 1, LogSpace.ExpMinusOne(0.5), 15);
        Assert.Equal(9.9999999995e-11, LogSpace.LogOnePlus(1e-10), 1e-24);
        Assert.Equal(1.00000000005e-10, LogSpace.ExpMinusOne(1e-10), 1e-24);
        Assert.Equal(-1.0, LogSpace.ExpMinusOne(-800));
        Assert.True(double.IsNegativeInfinity(LogSpace.LogOnePlus(-1)));
    }
}
