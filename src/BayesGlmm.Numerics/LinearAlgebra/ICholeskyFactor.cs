// The Cholesky factorization of a symmetric positive definite matrix given on a fixed pattern, refactored many times.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// A Cholesky factorization P A Pᵀ = L Lᵀ of symmetric positive definite matrices A that share one
/// <see cref="SymmetricPattern"/> (the ordering P and the structure of L are fixed when the factor is made; each
/// <see cref="TryFactor"/> does only the numeric work and allocates nothing). Vectors are in A's own order.
/// One instance is for one thread at a time.
/// </summary>
/// <remarks>
/// Extension contract: an implementation supplies the members below and must pass the tests in
/// tests/BayesGlmm.Numerics.Tests/LinearAlgebra against a dense reference: factor, log determinant, solve,
/// the transposed-factor solve's covariance and the selected inverse on random sparse patterns.
/// </remarks>
public interface ICholeskyFactor
{
    /// <summary>The pattern of A.</summary>
    SymmetricPattern Pattern { get; }

    /// <summary>The number of stored entries of L (the fill).</summary>
    long FactorEntryCount { get; }

    /// <summary>
    /// Factors A, whose lower triangle is <paramref name="values"/> laid out as <see cref="Pattern"/>. Returns false
    /// (and leaves the factor unusable until the next success) when A is not numerically positive definite.
    /// </summary>
    bool TryFactor(ReadOnlySpan<double> values);

    /// <summary>log det A = 2 Σ log L_kk.</summary>
    double LogDeterminant { get; }

    /// <summary>Overwrites <paramref name="x"/> (holding b) with A⁻¹ b.</summary>
    void Solve(Span<double> x);

    /// <summary>
    /// Overwrites <paramref name="x"/> (holding z) with Pᵀ L⁻ᵀ z. When z ~ N(0, I) the result is N(0, A⁻¹): the draw
    /// of a Gaussian with precision A.
    /// </summary>
    void SolveTransposedFactor(Span<double> x);

    /// <summary>
    /// Fills <paramref name="inverse"/> (laid out as <see cref="Pattern"/>) with the entries of A⁻¹ on A's pattern
    /// (Takahashi, Fagan &amp; Chin 1973), without forming the rest of A⁻¹.
    /// </summary>
    void SelectedInverse(Span<double> inverse);
}
