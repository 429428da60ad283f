// The Cholesky factorisation of a small symmetric positive-definite matrix (for the dense metric).
namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>Cholesky–Banachiewicz factorisation A = L Lᵀ of a d×d row-major matrix.</summary>
internal static class Cholesky
{
    /// <summary>Fills the lower factor <paramref name="lower"/> (row-major, zero above the diagonal); false if A is not positive definite.</summary>
    public static bool TryLower(ReadOnlySpan<double> a, int d, Span<double> lower)
    {
        lower.Clear();
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) s -= lower[i * d + k] * lower[j * d + k];
                if (i == j)
                {
                    if (!(s > 0) || double.IsInfinity(s)) return false;
                    lower[i * d + i] = Math.Sqrt(s);
                }
                else
                {
                    lower[i * d + j] = s / lower[j * d + j];
                }
            }
        }
        return true;
    }
}
