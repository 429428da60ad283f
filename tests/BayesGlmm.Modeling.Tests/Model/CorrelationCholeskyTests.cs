// The Cholesky-factor parameterisation of correlation matrices: validity, LKJ density and Jacobian, gradient, prior draws.
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class CorrelationCholeskyTests
{
    private static double[] RandomY(RandomStream rng, int k, double range = 1.5) =>
        Enumerable.Range(0, CorrelationCholesky.FreeCount(k)).Select(_ => rng.NextUniform(-range, range)).ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void FactorRowsHaveUnitLengthAndRoundTrip(int k)
    {
        var rng = new RandomStream(1, (ulong)k);
        var y = RandomY(rng, k);
        var factor = new double[k * k];
        CorrelationCholesky.Forward(y, k, 1.0, factor);
        for (int i = 0; i < k; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, k).Sum(j => factor[i * k + j] * factor[i * k + j]), 1e-14);
            Assert.True(factor[i * k + i] > 0);
        }
        var cor = new double[CorrelationCholesky.FreeCount(k)];
        CorrelationCholesky.Correlations(factor, k, cor);
        var again = new double[k * k];
        Assert.True(CorrelationCholesky.FactorFromCorrelations(cor, k, again));
        for (int i = 0; i < k * k; i++) Assert.Equal(factor[i], again[i], 1e-12);
    }

    [Fact]
    public void LkjNormaliserMatchesKnownVolumes()
    {
        // K = 2: ∫ (1 − ρ²)^(η−1) dρ = 2^(2η−1) B(η, η).
        foreach (double eta in new[] { 0.5, 1.0, 2.0, 3.7 })
            Assert.Equal((2 * eta - 1) * Math.Log(2) + SpecialFunctions.BetaLn(eta, eta), CorrelationCholesky.LkjLogNormaliser(2, eta), 1e-12);
        // K = 3, η = 1: the set of 3 × 3 correlation matrices has volume π²/2.
        Assert.Equal(Math.Log(Math.PI * Math.PI / 2), CorrelationCholesky.LkjLogNormaliser(3, 1.0), 1e-12);
        // K = 2 by quadrature for a non-integer η.
        double q = Integrate.DoubleExponential(r => Math.Pow(1 - r * r, 1.3), -1, 1);
        Assert.Equal(Math.Log(q), CorrelationCholesky.LkjLogNormaliser(2, 2.3), 1e-8);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 2.0)]
    [InlineData(4, 0.7)]
    public void DensityInYIsLkjTimesTheJacobian(int k, double eta)
    {
        var rng = new RandomStream(2, (ulong)k);
        for (int rep = 0; rep < 5; rep++)
        {
            var y = RandomY(rng, k);
            var factor = new double[k * k];
            double logY = CorrelationCholesky.Forward(y, k, eta, factor);
            double logOmega = CorrelationCholesky.LkjLogDensity(factor, k, eta);
            double logJacobian = NumericalCheck.LogAbsDetJacobian((v, cor) =>
            {
                var l = new double[k * k];
                CorrelationCholesky.Forward(v, k, eta, l);
                CorrelationCholesky.Correlations(l, k, cor);
            }, y);
            Assert.Equal(logOmega + logJacobian, logY, 1e-7);
        }
    }

    [Fact]
    public void DensityInYIntegratesToOneForKEqualsTwo()
    {
        var factor = new double[4];
        double integral = Integrate.DoubleExponential(t =>
        {
            double y = Math.Atanh(t);
            return Math.Exp(CorrelationCholesky.Forward([y], 2, 1.8, factor)) / (1 - t * t);
        }, -1, 1);
        Assert.Equal(1.0, integral, 1e-7);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void BackwardIsTheGradient(int k)
    {
        NumericalCheck.ForSeeds(20, seed =>
        {
            var rng = new RandomStream((ulong)seed, 3);
            double eta = 0.3 + 3 * rng.NextDouble();
            var weights = Enumerable.Range(0, k * k).Select(_ => rng.NextNormal(0, 1)).ToArray();
            double F(double[] y)
            {
                var l = new double[k * k];
                double v = CorrelationCholesky.Forward(y, k, eta, l);
                for (int i = 0; i < k * k; i++) v += weights[i] * l[i];
                return v;
            }
            var y0 = RandomY(rng, k, 2.5);
            var factor = new double[k * k];
            CorrelationCholesky.Forward(y0, k, eta, factor);
            var gFactor = new double[k * k];
            for (int i = 0; i < k; i++) for (int j = 0; j <= i; j++) gFactor[i * k + j] = weights[i * k + j];
            var gradient = new double[y0.Length];
            CorrelationCholesky.Backward(y0, k, eta, factor, gFactor, gradient);
            for (int i = 0; i < y0.Length; i++)
                Assert.Equal(NumericalCheck.Derivative(F, y0, i), gradient[i], 1e-7 * (1 + Math.Abs(gradient[i])));
        });
    }

    [Theory]
    [InlineData(3, 2.0)]
    [InlineData(4, 1.0)]
    public void PriorDrawsHaveLkjMarginals(int k, double eta)
    {
        // Every correlation of LKJ(η) is marginally 2 Beta(b, b) − 1 with b = η − 1 + K/2: mean 0, variance 1 / (2η + K − 1).
        var rng = new RandomStream(77, (ulong)k);
        const int n = 20000;
        int m = CorrelationCholesky.FreeCount(k);
        var sum = new double[m];
        var sumSq = new double[m];
        var y = new double[m];
        var factor = new double[k * k];
        var cor = new double[m];
        for (int d = 0; d < n; d++)
        {
            CorrelationCholesky.SampleFactor(rng, k, eta, y, factor);
            CorrelationCholesky.Correlations(factor, k, cor);
            for (int i = 0; i < m; i++) { sum[i] += cor[i]; sumSq[i] += cor[i] * cor[i]; }
        }
        double variance = 1.0 / (2 * eta + k - 1);
        double b = eta - 1 + k / 2.0;
        double fourth = 3.0 / ((2 * b + 1) * (2 * b + 3)); // E ρ⁴ for 2 Beta(b, b) − 1
        for (int i = 0; i < m; i++)
        {
            Assert.True(Math.Abs(sum[i] / n) < 4.5 * Math.Sqrt(variance / n), $"mean of correlation {i}: {sum[i] / n}");
            double se = Math.Sqrt((fourth - variance * variance) / n);
            Assert.True(Math.Abs(sumSq[i] / n - variance) < 4.5 * se, $"variance of correlation {i}: {sumSq[i] / n} vs {variance}");
        }
    }
}
