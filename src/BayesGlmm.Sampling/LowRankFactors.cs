// The factors of an adapted low-rank-plus-diagonal inverse metric.
namespace BayesGlmm.Sampling;

/// <summary>
/// M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ): <paramref name="Scales"/> holds σ (d values), <paramref name="Eigenvalues"/>
/// Λ (r values) and <paramref name="Directions"/> the r orthonormal columns of U, one after another (r·d values).
/// </summary>
public sealed record LowRankFactors(double[] Scales, double[] Eigenvalues, double[] Directions);
