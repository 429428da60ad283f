// The dense Cholesky kernels on one row-major square block: factor, triangular solves, the inverse from the factor.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// The loops shared by <see cref="DenseCholesky"/> (one block, the whole matrix) and <see cref="BlockDiagonalCholesky"/>
/// (one block per component), on a k × k row-major array whose lower triangle holds A, then L.
/// </summary>
internal static class DenseCholeskyKernels
{
    /// <summary>
    /// A = L Lᵀ in place, column by column (Golub &amp; Van Loan 2013, Algorithm 4.2.2); multiplies every pivot L_jj² into
    /// <paramref name="determinant"/>. False when A is not numerically positive definite.
    /// </summary>
    public static bool Factor(Span<double> l, int k, ref PivotProduct determinant)
    {
        for (int j = 0; j < k; j++)
        {
            int rj = j * k;
            double d = l[rj + j];
            for (int m = 0; m < j; m++) d -= l[rj + m] * l[rj + m];
            if (!(d > 0) || !double.IsFinite(d)) return false;
            double ljj = Math.Sqrt(d);
            l[rj + j] = ljj;
            determinant.Multiply(d);
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < k; i++)
            {
                int ri = i * k;
                double s = l[ri + j];
                for (int m = 0; m < j; m++) s -= l[ri + m] * l[rj + m];
                l[ri + j] = s * inv;
            }
        }
        return true;
    }

    /// <summary>x ← L⁻¹ x.</summary>
    public static void ForwardSolve(ReadOnlySpan<double> l, int k, Span<double> x)
    {
        for (int i = 0; i < k; i++)
        {
            double s = x[i];
            int ri = i * k;
            for (int m = 0; m < i; m++) s -= l[ri + m] * x[m];
            x[i] = s / l[ri + i];
        }
    }

    /// <summary>x ← L⁻ᵀ x.</summary>
    public static void BackSolve(ReadOnlySpan<double> l, int k, Span<double> x)
    {
        for (int i = k - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int m = i + 1; m < k; m++) s -= l[m * k + i] * x[m];
            x[i] = s / l[i * k + i];
        }
    }

    /// <summary>
    /// The whole inverse S = (L Lᵀ)⁻¹ (both triangles) by Takahashi's recursion (Takahashi, Fagan &amp; Chin 1973; see
    /// <see cref="SparseCholesky.SelectedInverse"/>): for i = k−1 down to 0, S_ji = −(1/L_ii) Σ_{m>i} S_jm L_mi,
    /// S_ii = (1/L_ii − Σ_{m>i} L_mi S_mi) / L_ii.
    /// </summary>
    public static void Invert(ReadOnlySpan<double> l, int k, Span<double> s)
    {
        for (int i = k - 1; i >= 0; i--)
        {
            double lii = l[i * k + i];
            for (int j = k - 1; j > i; j--)
            {
                double sum = 0;
                for (int m = i + 1; m < k; m++) sum += s[j * k + m] * l[m * k + i];
                s[j * k + i] = s[i * k + j] = -sum / lii;
            }
            double diagonal = 1.0 / lii;
            for (int m = i + 1; m < k; m++) diagonal -= l[m * k + i] * s[m * k + i];
            s[i * k + i] = diagonal / lii;
        }
    }
}
