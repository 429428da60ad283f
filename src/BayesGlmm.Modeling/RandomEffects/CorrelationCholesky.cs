// The Cholesky factor of a correlation matrix from unconstrained canonical partial correlations, with the LKJ prior and its gradient.
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// Maps K(K−1)/2 unconstrained values y to the lower-triangular Cholesky factor L of a K×K correlation
/// matrix Ω = L Lᵀ, through canonical partial correlations z = tanh(y) filled row by row (Stan Reference
/// Manual, "Cholesky factors of correlation matrices"; Lewandowski, Kurowicka &amp; Joe 2009, §2):
/// for row i, w₀ = 1, L_ij = z_ij w_j, w_{j+1} = w_j √(1 − z_ij²), L_ii = w_i.
/// </summary>
/// <remarks>
/// <para>The LKJ(η) density of Ω (∝ det Ω^(η−1)) times the Jacobian of y ↦ Ω factorises in this
/// parameterisation: with L's density ∝ Π_i L_ii^(K−i+2η−3) (0-based i; LKJ 2009, Stan's
/// lkj_corr_cholesky), |∂L/∂z| = Π_i Π_{j&lt;i} w_j and |∂z/∂y| = Π (1 − z²), the exponents collect to</para>
/// <code>log p(y) = Σ_{i&gt;j} [ β_j log(1 − z_ij²) − (2β_j − 1) log 2 − log B(β_j, β_j) ],   β_j = η − 1 + (K − j)/2</code>
/// <para>so each z_ij is an independent Beta(β_j, β_j) variable on (−1, 1), which is also how
/// <see cref="SampleFactor"/> draws from the prior. y is stored row by row: (1,0), (2,0), (2,1), (3,0), ...
/// L is a K×K row-major buffer whose upper triangle is left at zero.</para>
/// </remarks>
public static class CorrelationCholesky
{
    /// <summary>The number of unconstrained values for a K×K correlation matrix.</summary>
    public static int FreeCount(int k) => k * (k - 1) / 2;

    /// <summary>log(1 − tanh²y) = −2 log cosh y, computed without cancellation.</summary>
    private static double LogSech2(double y)
    {
        double a = Math.Abs(y);
        return -2.0 * (a + Math.Log(1.0 + Math.Exp(-2.0 * a)) - Math.Log(2.0));
    }

    /// <summary>
    /// Fills <paramref name="factor"/> (K×K row-major) with L(y) and returns the log density of y under
    /// LKJ(<paramref name="eta"/>) including the Jacobian of y ↦ Ω (the formula in the remarks, normalised).
    /// </summary>
    public static double Forward(ReadOnlySpan<double> y, int k, double eta, Span<double> factor) =>
        ForwardKernel(y, k, eta, factor) + LogNormaliserY(k, eta);

    /// <summary>
    /// <see cref="Forward"/> without the constant <see cref="LogNormaliserY"/> (which depends on K and eta only),
    /// for evaluators that add it once precomputed.
    /// </summary>
    public static double ForwardKernel(ReadOnlySpan<double> y, int k, double eta, Span<double> factor)
    {
        factor[..(k * k)].Clear();
        factor[0] = 1.0;
        double logDensity = 0.0;
        int index = 0;
        for (int i = 1; i < k; i++)
        {
            double w = 1.0;
            for (int j = 0; j < i; j++)
            {
                double yij = y[index++];
                double z = Math.Tanh(yij);
                factor[i * k + j] = z * w;
                double logS2 = LogSech2(yij);
                w *= Math.Exp(0.5 * logS2);
                logDensity += Beta(eta, k, j) * logS2;
            }
            factor[i * k + i] = w;
        }
        return logDensity;
    }

    /// <summary>The parameter β_j of the column-j partial correlations' Beta(β_j, β_j) prior.</summary>
    private static double Beta(double eta, int k, int j) => eta - 1.0 + 0.5 * (k - j);

    /// <summary>The constant of the density in y: Σ_{i&gt;j} −[(2β_j − 1) log 2 + log B(β_j, β_j)].</summary>
    public static double LogNormaliserY(int k, double eta)
    {
        double total = 0.0;
        for (int j = 0; j < k - 1; j++)
        {
            double b = Beta(eta, k, j);
            double perEntry = (2.0 * b - 1.0) * Math.Log(2.0) + 2.0 * SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(2.0 * b);
            total -= (k - 1 - j) * perEntry;
        }
        return total;
    }

    /// <summary>
    /// Back-propagates: given <paramref name="factorGradient"/> = ∂f/∂L (K×K row-major, lower triangle
    /// and diagonal used), adds ∂f/∂y plus the gradient of the LKJ log density in y (from
    /// <see cref="Forward"/>) into <paramref name="gradient"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<double> y, int k, double eta, ReadOnlySpan<double> factor,
        ReadOnlySpan<double> factorGradient, Span<double> gradient)
    {
        int rowStart = 0;
        for (int i = 1; i < k; i++)
        {
            // Row i uses y[rowStart .. rowStart + i).
            double gw = factorGradient[i * k + i];
            double w = factor[i * k + i];
            for (int j = i - 1; j >= 0; j--)
            {
                double yij = y[rowStart + j];
                double z = Math.Tanh(yij);
                double s = Math.Exp(0.5 * LogSech2(yij));
                double wj = s > 0 ? w / s : RecomputeW(y.Slice(rowStart, i), j);
                double gs = gw * wj;
                double gL = factorGradient[i * k + j];
                double gz = gL * wj;
                gradient[rowStart + j] += gz * s * s - gs * s * z - 2.0 * Beta(eta, k, j) * z;
                gw = gw * s + gL * z;
                w = wj;
            }
            rowStart += i;
        }
    }

    private static double RecomputeW(ReadOnlySpan<double> row, int j)
    {
        double w = 1.0;
        for (int m = 0; m < j; m++) w *= Math.Exp(0.5 * LogSech2(row[m]));
        return w;
    }

    /// <summary>
    /// The LKJ(η) log density of the correlation matrix Ω = L Lᵀ with respect to its off-diagonal
    /// elements: (η − 1) log det Ω − log c_K(η), with the normalising constant of LKJ (2009), §3.2:
    /// c_K(η) = Π_{k=1}^{K−1} [2^(2η−2+K−k) B(η + (K−k−1)/2, η + (K−k−1)/2)]^(K−k).
    /// </summary>
    public static double LkjLogDensity(ReadOnlySpan<double> factor, int k, double eta) =>
        LkjLogKernel(factor, k, eta) - LkjLogNormaliser(k, eta);

    /// <summary>(η − 1) log det Ω, the part of <see cref="LkjLogDensity"/> that depends on Ω.</summary>
    public static double LkjLogKernel(ReadOnlySpan<double> factor, int k, double eta)
    {
        double logDet = 0.0;
        for (int i = 0; i < k; i++) logDet += 2.0 * Math.Log(factor[i * k + i]);
        return (eta - 1.0) * logDet;
    }

    /// <summary>log c_K(η), the log volume term of the LKJ density (see <see cref="LkjLogDensity"/>).</summary>
    public static double LkjLogNormaliser(int k, double eta)
    {
        double total = 0.0;
        for (int m = 1; m < k; m++)
        {
            double b = eta + 0.5 * (k - m - 1);
            double logBeta = 2.0 * SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(2.0 * b);
            total += (k - m) * ((2.0 * eta - 2.0 + k - m) * Math.Log(2.0) + logBeta);
        }
        return total;
    }

    /// <summary>Draws L from LKJ(η): z_ij = 2 Beta(β_j, β_j) − 1, then the forward map. Fills y as well.</summary>
    public static void SampleFactor(RandomStream rng, int k, double eta, Span<double> y, Span<double> factor)
    {
        int index = 0;
        for (int i = 1; i < k; i++)
            for (int j = 0; j < i; j++)
            {
                double b = Beta(eta, k, j);
                double z = 2.0 * rng.NextBeta(b, b) - 1.0;
                z = Math.Clamp(z, -1.0 + 1e-16, 1.0 - 1e-16);
                y[index++] = Math.Atanh(z);
            }
        Forward(y, k, eta, factor);
    }

    /// <summary>
    /// The Cholesky factor of a correlation matrix given by its upper-triangle elements in the order
    /// (0,1), (0,2), (1,2), (0,3), ... (brms's cor_ order). Returns false if it is not positive definite.
    /// </summary>
    public static bool FactorFromCorrelations(ReadOnlySpan<double> correlations, int k, Span<double> factor)
    {
        Span<double> omega = k <= 16 ? stackalloc double[k * k] : new double[k * k];
        for (int i = 0; i < k; i++) omega[i * k + i] = 1.0;
        int index = 0;
        for (int j = 1; j < k; j++)
            for (int i = 0; i < j; i++)
            {
                omega[i * k + j] = correlations[index];
                omega[j * k + i] = correlations[index];
                index++;
            }
        factor[..(k * k)].Clear();
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = omega[i * k + j];
                for (int m = 0; m < j; m++) s -= factor[i * k + m] * factor[j * k + m];
                if (i == j)
                {
                    if (!(s > 0)) return false;
                    factor[i * k + i] = Math.Sqrt(s);
                }
                else factor[i * k + j] = s / factor[j * k + j];
            }
        }
        return true;
    }

    /// <summary>Writes the correlations of Ω = L Lᵀ in brms's order (0,1), (0,2), (1,2), (0,3), ...</summary>
    public static void Correlations(ReadOnlySpan<double> factor, int k, Span<double> correlations)
    {
        int index = 0;
        for (int j = 1; j < k; j++)
            for (int i = 0; i < j; i++)
            {
                double s = 0.0;
                for (int m = 0; m <= i; m++) s += factor[i * k + m] * factor[j * k + m];
                correlations[index++] = s;
            }
    }
}
