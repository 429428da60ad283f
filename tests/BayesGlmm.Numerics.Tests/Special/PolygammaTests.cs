using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Numerics.Tests.Special;

public sealed class PolygammaTests
{
    private const double Zeta3 = 1.2020569031595942854;

    [Theory]
    [InlineData(1.0, 1.6449340668482264365, -2 * Zeta3)]
    [InlineData(0.5, 4.9348022005446793094, -14 * Zeta3)]
    [InlineData(2.0, 0.6449340668482264365, -2 * Zeta3 + 2)]
    public void KnownValues(double x, double trigamma, double tetragamma)
    {
        Assert.Equal(trigamma, Polygamma.Trigamma(x), 1e-14);
        Assert.Equal(tetragamma, Polygamma.Tetragamma(x), 1e-13);
    }

    [Fact]
    public void DerivativesOfDigammaAcrossScales()
    {
        for (double lx = -3; lx <= 6; lx += 0.05)
        {
            double x = Math.Pow(10, lx), h = 1e-4 * x;
            double d1 = (-SpecialFunctions.DiGamma(x + 2 * h) + 8 * SpecialFunctions.DiGamma(x + h) - 8 * SpecialFunctions.DiGamma(x - h) + SpecialFunctions.DiGamma(x - 2 * h)) / (12 * h);
            Assert.True(Math.Abs(Polygamma.Trigamma(x) - d1) <= 1e-7 * Math.Abs(d1), $"trigamma({x:R}) = {Polygamma.Trigamma(x):R}, numeric {d1:R}");
            double d2 = (-Polygamma.Trigamma(x + 2 * h) + 8 * Polygamma.Trigamma(x + h) - 8 * Polygamma.Trigamma(x - h) + Polygamma.Trigamma(x - 2 * h)) / (12 * h);
            Assert.True(Math.Abs(Polygamma.Tetragamma(x) - d2) <= 1e-7 * Math.Abs(d2), $"tetragamma({x:R}) = {Polygamma.Tetragamma(x):R}, numeric {d2:R}");
        }
    }

    [Fact]
    public void DifferencesKeepRelativeAccuracyForLargeArguments()
    {
        // Leading terms: ψ(x) − log x ≈ −1/(2x) − 1/(12x²); R(x) ≈ 1/(12x) − 1/(360x³); ψ1 ≈ 1/x + 1/(2x²); ψ2 ≈ −1/x² − 1/x³.
        foreach (double x in new[] { 1e6, 1e9, 1e12 })
        {
            Assert.Equal(1.0, Polygamma.DigammaMinusLog(x) / (-0.5 / x - 1.0 / (12 * x * x)), 1e-12);
            Assert.Equal(1.0, Polygamma.LogGammaRemainder(x) / (1.0 / (12 * x) - 1.0 / (360 * x * x * x)), 1e-12);
            Assert.Equal(1.0, Polygamma.Trigamma(x) / (1.0 / x + 0.5 / (x * x)), 1e-12);
            Assert.Equal(1.0, Polygamma.Tetragamma(x) / (-1.0 / (x * x) - 1.0 / (x * x * x)), 1e-12);
        }
        // Across the switch at 10 the two branches agree with MathNet.
        foreach (double x in new[] { 0.01, 0.7, 3.0, 9.999, 10.0, 10.5, 55.0 })
        {
            Assert.Equal(SpecialFunctions.DiGamma(x) - Math.Log(x), Polygamma.DigammaMinusLog(x), 1e-13);
            Assert.Equal(SpecialFunctions.GammaLn(x) - (x - 0.5) * Math.Log(x) + x - 0.5 * Math.Log(2 * Math.PI), Polygamma.LogGammaRemainder(x), 1e-12);
        }
    }

    [Fact]
    public void RisingFactorialAndDigammaDifference()
    {
        foreach (double a in new[] { 0.3, 2.0, 9.5, 10.0, 40.0, 1e3 })
            foreach (double k in new[] { 0.0, 1.0, 3.5, 17.0, 250.0 })
            {
                double expected = SpecialFunctions.GammaLn(a + k) - SpecialFunctions.GammaLn(a) - k * Math.Log(a);
                Assert.True(Math.Abs(Polygamma.LogRisingOverPower(a, k) - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"a {a}, k {k}");
                double psi = SpecialFunctions.DiGamma(a + k) - SpecialFunctions.DiGamma(a);
                Assert.True(Math.Abs(Polygamma.DigammaDifference(a, k) - psi) <= 1e-12 * Math.Max(1, Math.Abs(psi)), $"a {a}, k {k}");
            }
        // Integer k: log Γ(a + k) − log Γ(a) − k log a = Σ_{i<k} log1p(i/a) ≈ 1e-8 at a = 1e9, where the plain difference
        // of log Γ values near 2e10 keeps no digit; here the absolute error stays at rounding level.
        double a9 = 1e9, sum = 0;
        for (int i = 0; i < 5; i++) sum += LogExp.Log1p(i / a9);
        Assert.Equal(sum, Polygamma.LogRisingOverPower(a9, 5), 1e-14);
    }
}
