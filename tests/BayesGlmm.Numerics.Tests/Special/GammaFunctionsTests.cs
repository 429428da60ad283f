using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Numerics.Tests.Special;

public sealed class GammaFunctionsTests
{
    [Fact]
    public void AgreesWithMathNetOverManyScales()
    {
        for (double lx = -12; lx <= 12; lx += 0.01)
        {
            double x = Math.Pow(10, lx);
            double lg = GammaFunctions.LogGammaDigamma(x, out double psi);
            double expectedLg = SpecialFunctions.GammaLn(x), expectedPsi = SpecialFunctions.DiGamma(x);
            // Absolute accuracy ~5e-15 below 10 (the recurrence subtracts two numbers near 13); MathNet itself is off by as much.
            Assert.True(Math.Abs(lg - expectedLg) <= 2e-14 * Math.Max(1, Math.Abs(expectedLg)),
                $"lgamma({x:R}) = {lg:R}, MathNet {expectedLg:R}");
            Assert.True(Math.Abs(psi - expectedPsi) <= 1e-14 * Math.Max(1, Math.Abs(expectedPsi)),
                $"digamma({x:R}) = {psi:R}, MathNet {expectedPsi:R}");
        }
    }

    [Theory]
    [InlineData(1.0, 0.0, -0.57721566490153286061)]
    [InlineData(2.0, 0.0, 0.42278433509846713939)]
    [InlineData(0.5, 0.57236494292470008707, -1.9635100260214234794)]
    [InlineData(10.0, 12.801827480081469611, 2.2517525890667211076)]
    public void KnownValues(double x, double lgamma, double digamma)
    {
        Assert.Equal(lgamma, GammaFunctions.LogGamma(x), 1e-14);
        Assert.Equal(digamma, GammaFunctions.Digamma(x), 1e-14);
    }

    [Fact]
    public void EdgeValues()
    {
        Assert.Equal(double.PositiveInfinity, GammaFunctions.LogGamma(0));
        Assert.True(double.IsNaN(GammaFunctions.LogGamma(-1)));
        Assert.True(double.IsNaN(GammaFunctions.Digamma(double.NaN)));
        Assert.Equal(double.PositiveInfinity, GammaFunctions.LogGamma(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, GammaFunctions.Digamma(double.PositiveInfinity));
    }
}
