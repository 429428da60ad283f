// The choice between the dense and the sparse Cholesky factorization for one pattern.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>Makes the <see cref="ICholeskyFactor"/> that suits a pattern: dense when it is small, sparse with a fill-reducing order otherwise.</summary>
public static class CholeskyFactor
{
    /// <summary>The largest size factored densely: below it, indirect addressing costs more than the zeros it skips.</summary>
    public const int DenseLimit = 48;

    /// <summary>
    /// A factor for <paramref name="pattern"/>: <see cref="DenseCholesky"/> up to <see cref="DenseLimit"/> rows,
    /// else <see cref="SparseCholesky"/> with <paramref name="order"/> (node eliminated k-th at k), or with
    /// <see cref="MinimumDegreeOrdering"/> when none is given.
    /// </summary>
    public static ICholeskyFactor Create(SymmetricPattern pattern, int[]? order = null) =>
        pattern.Size <= DenseLimit
            ? new DenseCholesky(pattern)
            : new SparseCholesky(pattern, order ?? MinimumDegreeOrdering.Order(pattern));
}
