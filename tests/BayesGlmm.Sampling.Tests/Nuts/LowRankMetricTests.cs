// The low-rank-plus-diagonal metric: its products against the dense matrix, and momenta with covariance M.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Tests.Nuts;

public sealed class LowRankMetricTests
{
    private static (LowRankMetric Metric, double[] Dense) Example()
    {
        const int d = 4;
        double[] sigma = [0.5, 2, 1, 3];
        double r = Math.Sqrt(0.5);
        double[] u = [r, r, 0, 0, 0, 0, r, -r]; // two orthonormal directions
        double[] lambda = [9, 0.25];
        var metric = new LowRankMetric(d);
        metric.Set(sigma, lambda, u);
        var dense = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double inner = i == j ? 1 : 0;
                for (int k = 0; k < 2; k++) inner += u[k * d + i] * (lambda[k] - 1) * u[k * d + j];
                dense[i * d + j] = sigma[i] * inner * sigma[j];
            }
        return (metric, dense);
    }

    [Fact]
    public void SharpIsTheDenseProduct()
    {
        var (metric, dense) = Example();
        double[] p = [0.3, -1.2, 2.0, 0.7];
        var sharp = new double[4];
        metric.Sharp(p, sharp);
        for (int i = 0; i < 4; i++) Assert.Equal(Enumerable.Range(0, 4).Sum(j => dense[i * 4 + j] * p[j]), sharp[i], 1e-12);
        var diagonal = metric.InverseMetricCopy();
        for (int i = 0; i < 4; i++) Assert.Equal(dense[i * 4 + i], diagonal[i], 1e-12);
    }

    [Fact]
    public void MomentaHaveCovarianceM()
    {
        // Cov(p) = M = (M⁻¹)⁻¹; equivalently Cov(M⁻¹p) = M⁻¹, checked entry by entry against its sampling error.
        var (metric, dense) = Example();
        var rng = new RandomStream(17);
        const int n = 40000;
        var p = new double[4];
        var v = new double[4];
        var sum = new double[16];
        for (int s = 0; s < n; s++)
        {
            metric.SampleMomentum(rng, p);
            metric.Sharp(p, v);
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) sum[i * 4 + j] += v[i] * v[j];
        }
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double sd = Math.Sqrt((dense[i * 4 + j] * dense[i * 4 + j] + dense[i * 4 + i] * dense[j * 4 + j]) / n);
                Assert.True(Math.Abs(sum[i * 4 + j] / n - dense[i * 4 + j]) < 5 * sd, $"[{i},{j}]: {sum[i * 4 + j] / n} vs {dense[i * 4 + j]}");
            }
    }

    [Fact]
    public void DiagonalSettingDropsTheCorrection()
    {
        var (metric, _) = Example();
        metric.SetInverseMetric([4, 1, 1, 1]);
        Assert.Equal(0, metric.Rank);
        var sharp = new double[4];
        metric.Sharp([1, 1, 1, 1], sharp);
        Assert.Equal([4.0, 1, 1, 1], sharp);
    }
}
