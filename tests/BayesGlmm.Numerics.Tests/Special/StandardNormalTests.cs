using BayesGlmm.Numerics.Special;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Numerics.Tests.Special;

public sealed class StandardNormalTests
{
    // Reference values computed with 30-digit arithmetic (mpmath: log(ncdf(x)), npdf(x)/ncdf(x); 60 digits for x = 10).
    [Theory]
    [InlineData(-40.0, -804.608442013753788166606832919)]
    [InlineData(-35.0, -616.975101261922513473244205684)]
    [InlineData(-25.0, -316.639408008020258935195763525)]
    [InlineData(-5.0, -15.0649983939887257360837047919)]
    [InlineData(3.0, -0.00135080996474819379884111049053)]
    [InlineData(10.0, -7.61985302416052606597337228268e-24)]
    public void LogCdfMatchesHighPrecisionValues(double x, double expected)
    {
        double actual = StandardNormal.LogCdf(x);
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected), $"log Φ({x}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void InverseMillsRatioInTheFarLowerTail()
    {
        double actual = StandardNormal.InverseMillsRatio(-35.0);
        Assert.Equal(35.0285249705966878702786539487, actual, 1e-12);
        Assert.Equal(double.PositiveInfinity, StandardNormal.InverseMillsRatio(double.NegativeInfinity));
        Assert.Equal(0.0, StandardNormal.InverseMillsRatio(40.0), 1e-300);
    }

    [Fact]
    public void ContinuedFractionAndErfcAgreeAtTheSwitch()
    {
        // Just above and below −30 the two methods must agree closely (continuity of log Φ).
        double above = StandardNormal.LogCdf(-29.999999), below = StandardNormal.LogCdf(-30.000001);
        double slope = StandardNormal.InverseMillsRatio(-30.0);
        Assert.Equal(above - below, slope * 2e-6, 1e-9);
    }

    [Fact]
    public void AgreesWithMathNetInTheBody()
    {
        for (double x = -8; x <= 8; x += 0.25)
        {
            Assert.Equal(Normal.CDF(0, 1, x), StandardNormal.Cdf(x), 1e-15);
            Assert.Equal(Normal.PDFLn(0, 1, x), StandardNormal.LogPdf(x), 1e-13);
            double lc = StandardNormal.LogCdf(x);
            Assert.True(Math.Abs(Math.Log(Normal.CDF(0, 1, x)) - lc) <= 1e-13 * Math.Max(1, Math.Abs(lc)) || x > 6);
            Assert.Equal(StandardNormal.LogCdf(-x), StandardNormal.LogCcdf(x));
        }
        Assert.True(double.IsNaN(StandardNormal.LogCdf(double.NaN)));
        Assert.Equal(double.NegativeInfinity, StandardNormal.LogCdf(double.NegativeInfinity));
        Assert.Equal(0.0, StandardNormal.LogCdf(double.PositiveInfinity));
    }

    [Fact]
    public void LogTailsAgreesWithTheSeparateFunctions()
    {
        double[] xs = [double.NegativeInfinity, -45, -30.5, -30, -29.5, -8, -1, -0.0, 0.0, 0.3, 2, 12, 29.9, 30.1, 50, double.PositiveInfinity];
        foreach (double x in xs)
        {
            StandardNormal.LogTails(x, out double lc, out double lcc, out double mc, out double mcc);
            Close(StandardNormal.LogCdf(x), lc, x);
            Close(StandardNormal.LogCcdf(x), lcc, x);
            Close(StandardNormal.InverseMillsRatio(x), mc, x);
            Close(StandardNormal.InverseMillsRatio(-x), mcc, x);
        }
        StandardNormal.LogTails(double.NaN, out double n1, out _, out _, out double n4);
        Assert.True(double.IsNaN(n1) && double.IsNaN(n4));
    }

    private static void Close(double expected, double actual, double x)
    {
        if (double.IsInfinity(expected) || expected == 0) Assert.True(expected == actual, $"x = {x}: expected {expected:R}, got {actual:R}");
        else Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"x = {x}: expected {expected:R}, got {actual:R}");
    }
}
