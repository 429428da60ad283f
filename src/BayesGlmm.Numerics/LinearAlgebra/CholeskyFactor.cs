// The choice between the block-diagonal, dense and sparse Cholesky factorizations for one pattern, from its structure.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// Makes the <see cref="ICholeskyFactor"/> that suits a pattern, from its structure rather than its size alone: independent
/// small blocks (one grouping factor, or a nested one) are factored block by block; otherwise the symbolic sparse
/// factorization under the fill-reducing order gives nnz(L), and a small pattern whose L would be at least
/// <see cref="DenseFill"/> full is factored densely, the rest sparsely.
/// </summary>
public static class CholeskyFactor
{
    /// <summary>The largest size factored densely: above it, the zeros of a dense factor cost more than indirect addressing.</summary>
    public const int DenseLimit = 48;

    /// <summary>The largest connected component factored as one dense block of <see cref="BlockDiagonalCholesky"/>.</summary>
    public const int BlockLimit = 16;

    /// <summary>
    /// The fraction of the lower triangle, nnz(L) / (n(n+1)/2), from which a pattern of at most <see cref="DenseLimit"/> rows
    /// is factored densely: a dense flop costs a few times less than a sparse one, whose row and slot are read from memory.
    /// </summary>
    public const double DenseFill = 0.5;

    /// <summary>
    /// A factor for <paramref name="pattern"/> of <paramref name="kind"/>; with <see cref="CholeskyKind.Auto"/>:
    /// <see cref="BlockDiagonalCholesky"/> when every connected component of the pattern's graph has at most
    /// <see cref="BlockLimit"/> rows; else <see cref="DenseCholesky"/> when n ≤ <see cref="DenseLimit"/> and the sparse
    /// factor under the order would fill at least <see cref="DenseFill"/> of the triangle; else <see cref="SparseCholesky"/>
    /// with <paramref name="order"/> (node eliminated k-th at k), or with <see cref="MinimumDegreeOrdering"/> when none is given.
    /// </summary>
    public static ICholeskyFactor Create(SymmetricPattern pattern, int[]? order = null, CholeskyKind kind = CholeskyKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        switch (kind)
        {
            case CholeskyKind.Dense:
                return new DenseCholesky(pattern);
            case CholeskyKind.Sparse:
                return new SparseCholesky(pattern, order ?? MinimumDegreeOrdering.Order(pattern));
            case CholeskyKind.BlockDiagonal:
                return BlockDiagonalCholesky.TryCreate(pattern, BlockLimit)
                       ?? throw new ArgumentException($"The pattern has a connected component of more than {BlockLimit} rows.", nameof(pattern));
        }
        if (BlockDiagonalCholesky.TryCreate(pattern, BlockLimit) is { } blocks) return blocks;
        var sparse = new SparseCholesky(pattern, order ?? MinimumDegreeOrdering.Order(pattern));
        long n = pattern.Size;
        return n <= DenseLimit && sparse.FactorEntryCount >= DenseFill * (n * (n + 1) / 2) ? new DenseCholesky(pattern) : sparse;
    }
}
