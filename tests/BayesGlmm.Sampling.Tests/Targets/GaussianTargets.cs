// Gaussian test targets with exact moments: independent normals and a correlated Gaussian by its precision.
using BayesGlmm.Sampling;

namespace BayesGlmm.Sampling.Tests.Targets;

/// <summary>Independent normals x_i ~ N(0, s_i²).</summary>
internal sealed class IndependentNormal(double[] scales) : ILogDensity
{
    public int Dimension => scales.Length;

    public double[] Scales => scales;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        double lp = 0;
        for (int i = 0; i < scales.Length; i++)
        {
            double z = position[i] / scales[i];
            lp -= 0.5 * z * z;
            gradient[i] = -z / scales[i];
        }
        return lp;
    }

    public static IndependentNormal Standard(int d) => new(Enumerable.Repeat(1.0, d).ToArray());

    /// <summary>Stan's scales100 target: s_i = 10^((i−1)/99·4 − 2), i = 1..100.</summary>
    public static IndependentNormal Scales100() =>
        new(Enumerable.Range(1, 100).Select(i => Math.Pow(10, (i - 1.0) / 99 * 4 - 2)).ToArray());
}

/// <summary>A zero-mean Gaussian with covariance S, evaluated through its precision P = S⁻¹.</summary>
internal sealed class CorrelatedGaussian : ILogDensity
{
    private readonly double[] _precision;

    public CorrelatedGaussian(double[] covariance, int d)
    {
        Covariance = covariance;
        Dimension = d;
        _precision = Invert(covariance, d);
    }

    public int Dimension { get; }

    public double[] Covariance { get; }

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        int d = Dimension;
        double lp = 0;
        for (int i = 0; i < d; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += _precision[i * d + j] * position[j];
            gradient[i] = -s;
            lp -= 0.5 * position[i] * s;
        }
        return lp;
    }

    /// <summary>Stan's corr_gauss50 target: S_ij = 0.9^|i−j|·sqrt(i·j)/5, i, j = 1..50.</summary>
    public static CorrelatedGaussian CorrGauss50()
    {
        const int d = 50;
        double[] s = new double[d * d];
        for (int i = 1; i <= d; i++)
            for (int j = 1; j <= d; j++)
                s[(i - 1) * d + (j - 1)] = Math.Pow(0.9, Math.Abs(i - j)) * Math.Sqrt(i * j) / 5;
        return new CorrelatedGaussian(s, d);
    }

    private static double[] Invert(double[] a, int d)
    {
        // Gauss–Jordan with partial pivoting (test-only).
        double[] m = (double[])a.Clone();
        double[] inv = new double[d * d];
        for (int i = 0; i < d; i++) inv[i * d + i] = 1;
        for (int c = 0; c < d; c++)
        {
            int piv = c;
            for (int r = c + 1; r < d; r++) if (Math.Abs(m[r * d + c]) > Math.Abs(m[piv * d + c])) piv = r;
            if (piv != c)
                for (int k = 0; k < d; k++)
                {
                    (m[c * d + k], m[piv * d + k]) = (m[piv * d + k], m[c * d + k]);
                    (inv[c * d + k], inv[piv * d + k]) = (inv[piv * d + k], inv[c * d + k]);
                }
            double diag = m[c * d + c];
            for (int k = 0; k < d; k++) { m[c * d + k] /= diag; inv[c * d + k] /= diag; }
            for (int r = 0; r < d; r++)
            {
                if (r == c) continue;
                double f = m[r * d + c];
                if (f == 0) continue;
                for (int k = 0; k < d; k++) { m[r * d + k] -= f * m[c * d + k]; inv[r * d + k] -= f * inv[c * d + k]; }
            }
        }
        return inv;
    }
}
