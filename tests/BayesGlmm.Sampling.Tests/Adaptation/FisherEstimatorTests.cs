// The Fisher-divergence metric estimates: exact on Gaussians, the initial metric, windows and the low-rank directions.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Tests.Adaptation;

public sealed class FisherEstimatorTests
{
    [Fact]
    public void DiagonalEstimateIsExactForIndependentGaussians()
    {
        // For x ~ N(0, s²) with g = −x/s², Var g = Var x / s⁴, so sqrt(Var x / Var g) = s² for any sample.
        double[] s = [0.01, 0.5, 1, 3, 100];
        var moments = new DrawGradientMoments(s.Length);
        var rng = new RandomStream(3);
        var x = new double[s.Length];
        var g = new double[s.Length];
        for (int n = 0; n < 50; n++)
        {
            for (int i = 0; i < s.Length; i++)
            {
                x[i] = 2 + s[i] * rng.NextStandardNormal();
                g[i] = -(x[i] - 2) / (s[i] * s[i]);
            }
            moments.Add(x, g);
        }
        var v = new double[s.Length];
        moments.WriteFisherVariance(v);
        for (int i = 0; i < s.Length; i++) Assert.Equal(s[i] * s[i], v[i], s[i] * s[i] * 1e-10);
    }

    [Fact]
    public void DiagonalEstimateKeepsCoordinatesWithoutInformation()
    {
        var moments = new DrawGradientMoments(2);
        moments.Add([1, 1], [0, 5]);
        moments.Add([2, 1], [0, 5]); // coordinate 0: no gradient variance; coordinate 1: no draw variance
        double[] v = [7, 9];
        moments.WriteFisherVariance(v);
        Assert.Equal([7.0, 9.0], v);
    }

    [Fact]
    public void InitialMetricIsTheInverseAbsoluteGradientClamped()
    {
        double[] v = new double[5];
        FisherDiagonalEstimator.InitialInverseMetric([2, -0.5, 0, double.NaN, 1e30], v);
        Assert.Equal([0.5, 2, 1e20, 1, 1e-20], v);
    }

    [Fact]
    public void SwitchMakesTheBackgroundTheForeground()
    {
        var metric = new DiagonalMetric(1);
        var e = new FisherDiagonalEstimator(1, 1);
        e.Begin([0], [-1], metric);
        Assert.Equal([1.0], metric.InverseMetricCopy());
        for (int i = 0; i < 5; i++) e.Add([i], [-i]);
        e.Switch();
        Assert.Equal((6, 0), (e.ForegroundCount, e.BackgroundCount));
        for (int i = 0; i < 2; i++) e.Add([i], [-i]);
        Assert.Equal((8, 2), (e.ForegroundCount, e.BackgroundCount));
        e.Switch();
        Assert.Equal((2, 0), (e.ForegroundCount, e.BackgroundCount));
        Assert.False(e.Update(metric)); // fewer than three draws
    }

    [Fact]
    public void LowRankWindowDropsTheRowsThatWereForegroundOnly()
    {
        var e = new FisherLowRankEstimator(2, 20, 1e-5, 2);
        e.Begin([0, 0], [1, 1], new LowRankMetric(2));
        for (int i = 0; i < 4; i++) e.Add([i, 1], [1, i]);
        Assert.Equal((5, 5), (e.ForegroundCount, e.BackgroundCount));
        e.Switch();
        Assert.Equal((5, 0), (e.ForegroundCount, e.BackgroundCount));
        for (int i = 0; i < 3; i++) e.Add([i, 1], [1, i]);
        e.Switch();
        Assert.Equal((3, 0), (e.ForegroundCount, e.BackgroundCount));
    }

    /// <summary>A covariance I·0.5 + Σ_k a_k v_k v_kᵀ on orthonormal v (from a seeded Gram–Schmidt), with its precision.</summary>
    internal static (double[] Covariance, double[] Precision, double[][] Directions) LowRankCovariance(int d, double[] variances, ulong seed)
    {
        var rng = new RandomStream(seed);
        var v = new double[variances.Length][];
        for (int k = 0; k < v.Length; k++)
        {
            v[k] = Enumerable.Range(0, d).Select(_ => rng.NextStandardNormal()).ToArray();
            for (int j = 0; j < k; j++)
            {
                double dot = v[k].Zip(v[j], (a, b) => a * b).Sum();
                for (int i = 0; i < d; i++) v[k][i] -= dot * v[j][i];
            }
            double norm = Math.Sqrt(v[k].Sum(a => a * a));
            for (int i = 0; i < d; i++) v[k][i] /= norm;
        }
        const double baseVariance = 0.5;
        var cov = new double[d * d];
        var prec = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            cov[i * d + i] = baseVariance;
            prec[i * d + i] = 1 / baseVariance;
        }
        for (int k = 0; k < v.Length; k++)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    // Along v_k the variance is variances[k] (the base variance is replaced, not added).
                    cov[i * d + j] += (variances[k] - baseVariance) * v[k][i] * v[k][j];
                    prec[i * d + j] += (1 / variances[k] - 1 / baseVariance) * v[k][i] * v[k][j];
                }
        return (cov, prec, v);
    }

    /// <summary>M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ) as a dense matrix.</summary>
    internal static double[] Dense(LowRankFisherEstimate.Result r, int d)
    {
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double inner = i == j ? 1 : 0;
                for (int k = 0; k < r.Eigenvalues.Length; k++) inner += r.Directions[k * d + i] * (r.Eigenvalues[k] - 1) * r.Directions[k * d + j];
                m[i * d + j] = r.Scales[i] * inner * r.Scales[j];
            }
        return m;
    }

    private static (List<double[]> X, List<double[]> G) GaussianSample(double[] cov, double[] prec, int d, int n, ulong seed)
    {
        var chol = new double[d * d];
        Assert.True(Cholesky.TryLower(cov, d, chol));
        var rng = new RandomStream(seed);
        var xs = new List<double[]>();
        var gs = new List<double[]>();
        for (int s = 0; s < n; s++)
        {
            var z = Enumerable.Range(0, d).Select(_ => rng.NextStandardNormal()).ToArray();
            var x = new double[d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++) x[i] += chol[i * d + j] * z[j];
            var g = new double[d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) g[i] -= prec[i * d + j] * x[j];
            xs.Add(x);
            gs.Add(g);
        }
        return (xs, gs);
    }

    [Fact]
    public void LowRankEstimateIsTheGaussiansCovarianceWhenNothingIsCutOff()
    {
        // Σ G Σ = C holds exactly for the covariance S when G = S⁻¹ C S⁻¹ (the gradients' second moment), so with every
        // eigenvalue kept the estimate reproduces S up to the tiny regularisation γ.
        const int d = 12;
        var (cov, prec, _) = LowRankCovariance(d, [40, 6, 0.02], seed: 5);
        var (xs, gs) = GaussianSample(cov, prec, d, n: 100, seed: 8);
        var r = LowRankFisherEstimate.Compute(xs, gs, d, gamma: 1e-10, cutoff: 1.0)!;
        double[] m = Dense(r, d);
        for (int i = 0; i < d * d; i++) Assert.Equal(cov[i], m[i], 1e-6 * (1 + Math.Abs(cov[i])));
    }

    [Theory]
    [InlineData(60, 25)]
    [InlineData(120, 200)]
    public void LowRankEstimateFindsTheDominantDirectionsWhenDrawsAreFewerThanTheDimension(int d, int n)
    {
        // d = 60 > n = 25: the estimate lives on the span of the draws and gradients and is no longer exact; the three
        // directions with variances far from the base (100, 20, 0.01) must still be found within a factor of 8, where
        // the diagonal part alone is off by more than a factor of 10. d = 120 with n = 200 draws: the basis comes from
        // the randomised range finder (n exceeds the directions taken per source), which must still catch them.
        double[] variances = [100, 20, 0.01];
        var (cov, prec, v) = LowRankCovariance(d, variances, seed: 11);
        var (xs, gs) = GaussianSample(cov, prec, d, n: n, seed: 12);
        var r = LowRankFisherEstimate.Compute(xs, gs, d, gamma: 1e-5, cutoff: 2.0)!;
        double[] m = Dense(r, d);
        for (int k = 0; k < v.Length; k++)
        {
            double quad = 0, diagonal = 0;
            for (int i = 0; i < d; i++)
            {
                diagonal += v[k][i] * v[k][i] * r.Scales[i] * r.Scales[i];
                for (int j = 0; j < d; j++) quad += v[k][i] * m[i * d + j] * v[k][j];
            }
            Assert.True(quad / variances[k] is > 0.125 and < 8, $"direction {k}: vᵀM⁻¹v = {quad:G4}, variance {variances[k]}, diagonal alone {diagonal:G4}");
            Assert.True(diagonal / variances[k] is < 0.1 or > 10, $"direction {k}: the diagonal part alone gives {diagonal:G4}");
        }
    }

    [Fact]
    public void LowRankEstimateRejectsAConstantCoordinate()
    {
        var xs = new List<double[]> { new double[] { 1, 0 }, new double[] { 1, 1 }, new double[] { 1, 2 } };
        var gs = new List<double[]> { new double[] { 0, 0 }, new double[] { 1, -1 }, new double[] { 2, -2 } };
        Assert.Null(LowRankFisherEstimate.Compute(xs, gs, 2, 1e-5, 2));
    }

    [Fact]
    public void SpdMeanSolvesSigmaGSigmaEqualsC()
    {
        var c = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 1, 0 }, { 1, 3, 0.5 }, { 0, 0.5, 2 } });
        var g = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 2, -0.3, 0.1 }, { -0.3, 1, 0 }, { 0.1, 0, 0.5 } });
        var sigma = LowRankFisherEstimate.SpdMean(c, g)!;
        var back = sigma * g * sigma;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(c[i, j], back[i, j], 1e-10);
        // nuts-rs's own check: diagonal x = (1, 4, 8), y = (1, 1, 0.5) give (1, 2, 4).
        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray([1.0, 4, 8]);
        var y = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray([1.0, 1, 0.5]);
        var mean = LowRankFisherEstimate.SpdMean(x, y)!;
        Assert.Equal([1.0, 2, 4], mean.Diagonal().Select(a => Math.Round(a, 10)));
    }
}
