using BayesGlmm.Numerics.Quadrature;

namespace BayesGlmm.Numerics.Tests.Quadrature;

public sealed class GaussHermiteTests
{
    [Fact]
    public void ThreeNodesAreTheTextbookRule()
    {
        // For the standard normal: nodes 0, ±√3 with weights 2/3, 1/6 (Abramowitz & Stegun 25.4.46 rescaled).
        var rule = GaussHermite.Create(3);
        Assert.Equal(-Math.Sqrt(3), rule.Nodes[0], 13);
        Assert.Equal(0.0, rule.Nodes[1], 14);
        Assert.Equal(Math.Sqrt(3), rule.Nodes[2], 13);
        Assert.Equal(1.0 / 6, rule.Weights[0], 13);
        Assert.Equal(2.0 / 3, rule.Weights[1], 13);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(32)]
    public void MomentsUpToDegree2nMinus1AreExact(int n)
    {
        var rule = GaussHermite.Create(n);
        double doubleFactorial = 1; // E Z^(2m) = (2m − 1)!!
        for (int m = 0; 2 * m <= 2 * n - 1 && m <= 12; m++)
        {
            if (m > 0) doubleFactorial *= 2 * m - 1;
            double even = 0, odd = 0;
            for (int i = 0; i < n; i++)
            {
                even += rule.Weights[i] * Math.Pow(rule.Nodes[i], 2 * m);
                odd += rule.Weights[i] * Math.Pow(rule.Nodes[i], 2 * m + 1);
            }
            Assert.True(Math.Abs(even - doubleFactorial) <= 1e-10 * doubleFactorial, $"n={n}, E Z^{2 * m} = {even} vs {doubleFactorial}");
            Assert.True(Math.Abs(odd) <= 1e-9 * doubleFactorial, $"n={n}, E Z^{2 * m + 1} = {odd}");
        }
    }

    [Fact]
    public void ALognormalMeanIsExactToRounding()
    {
        // E exp(sZ) = exp(s²/2) for s up to 3.
        var rule = GaussHermite.Create(32);
        foreach (double s in new[] { 0.5, 1.0, 2.0, 3.0 })
        {
            double sum = 0;
            for (int i = 0; i < rule.Count; i++) sum += rule.Weights[i] * Math.Exp(s * rule.Nodes[i]);
            Assert.Equal(1.0, sum / Math.Exp(s * s / 2), 11);
        }
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(200)]
    public void AdaptiveFormIntegratesAGaussianKernelExactly(int n)
    {
        // Σ p_i exp(z_i²/2) exp(−z_i²/2) = 1 term by term, so each weight times exp(z_i²/2) must be right in relative terms:
        // ∫ exp(−(z − 0.3)²/(2 · 1.2²)) dz = 1.2 √(2π), by the rule applied to f(z) exp(z²/2) with f the kernel.
        var rule = GaussHermite.Create(n);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += rule.Weights[i] * Math.Exp(0.5 * rule.Nodes[i] * rule.Nodes[i] - 0.5 * Math.Pow((rule.Nodes[i] - 0.3) / 1.2, 2));
        Assert.Equal(1.2, sum, 9);
    }
}
