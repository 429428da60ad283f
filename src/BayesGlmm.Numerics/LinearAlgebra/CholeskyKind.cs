// Which Cholesky factorization a pattern gets: chosen from its structure, or one forced (for comparisons).
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>The kinds of <see cref="ICholeskyFactor"/> that <see cref="CholeskyFactor.Create"/> makes.</summary>
public enum CholeskyKind
{
    /// <summary>Chosen from the pattern's structure (see <see cref="CholeskyFactor.Create"/>).</summary>
    Auto,

    /// <summary><see cref="DenseCholesky"/>, whatever the pattern.</summary>
    Dense,

    /// <summary><see cref="SparseCholesky"/> with a fill-reducing order.</summary>
    Sparse,

    /// <summary><see cref="BlockDiagonalCholesky"/>; only for a pattern whose components have at most <see cref="CholeskyFactor.BlockLimit"/> rows.</summary>
    BlockDiagonal,
}
