// Welford estimators with Stan's regularisation, and dual averaging.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;

namespace BayesGlmm.Sampling.Tests.Adaptation;

public sealed class EstimatorTests
{
    [Fact]
    public void WelfordVarianceIsTheRegularisedTwoPassVariance()
    {
        var rng = new RandomStream(7);
        const int n = 37, d = 4;
        double[][] draws = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(i => rng.NextNormal(i, i + 1)).ToArray()).ToArray();
        var w = new WelfordVariance(d);
        foreach (double[] x in draws) w.Add(x);
        double[] est = new double[d];
        w.Estimate(est);
        for (int i = 0; i < d; i++)
        {
            double m = draws.Average(x => x[i]);
            double v = draws.Sum(x => (x[i] - m) * (x[i] - m)) / (n - 1);
            Assert.Equal(n / (n + 5.0) * v + 1e-3 * 5.0 / (n + 5.0), est[i], 1e-12);
        }
        w.Restart();
        Assert.Equal(0, w.Count);
    }

    [Fact]
    public void WelfordCovarianceIsTheRegularisedTwoPassCovariance()
    {
        var rng = new RandomStream(8);
        const int n = 41, d = 3;
        double[][] draws = Enumerable.Range(0, n).Select(_ =>
        {
            double a = rng.NextStandardNormal(), b = rng.NextStandardNormal(), c = rng.NextStandardNormal();
            return new[] { a, a + 0.5 * b, 2 * c - a };
        }).ToArray();
        var w = new WelfordCovariance(d);
        foreach (double[] x in draws) w.Add(x);
        double[] est = new double[d * d];
        w.Estimate(est);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double mi = draws.Average(x => x[i]), mj = draws.Average(x => x[j]);
                double c = draws.Sum(x => (x[i] - mi) * (x[j] - mj)) / (n - 1);
                double expected = n / (n + 5.0) * c + (i == j ? 1e-3 * 5.0 / (n + 5.0) : 0);
                Assert.Equal(expected, est[i * d + j], 1e-12);
            }
    }

    [Fact]
    public void DualAveragingFollowsItsRecursion()
    {
        var da = new DualAveraging(0.8, 0.05, 0.75, 10) { Mu = Math.Log(10) };
        // t = 1, a = 1: s̄ = (δ − 1)/11, x = μ − s̄/γ, x̄ = x.
        double eps = da.Learn(1.2);
        double sBar = (0.8 - 1) / 11;
        double x = Math.Log(10) - sBar / 0.05;
        Assert.Equal(Math.Exp(x), eps, 1e-12);
        Assert.Equal(Math.Exp(x), da.Complete(), 1e-12);
        // t = 2, a = 0.3.
        eps = da.Learn(0.3);
        double eta = 1.0 / 12;
        sBar = (1 - eta) * sBar + eta * (0.8 - 0.3);
        double x2 = Math.Log(10) - sBar * Math.Sqrt(2) / 0.05;
        double w = Math.Pow(2, -0.75);
        Assert.Equal(Math.Exp(x2), eps, 1e-12);
        Assert.Equal(Math.Exp((1 - w) * x + w * x2), da.Complete(), 1e-12);
        da.Restart();
        Assert.Equal(1.0, da.Complete());
    }

    [Fact]
    public void DualAveragingReachesTheTargetOnASmoothAcceptanceCurve()
    {
        // accept(ε) = exp(−ε²/2): the target 0.8 is reached at ε* = sqrt(−2 log 0.8).
        var da = new DualAveraging(0.8, 0.05, 0.75, 10) { Mu = Math.Log(10) };
        double eps = 1;
        for (int t = 0; t < 2000; t++) eps = da.Learn(Math.Exp(-eps * eps / 2));
        Assert.Equal(Math.Sqrt(-2 * Math.Log(0.8)), da.Complete(), 2);
    }
}
