// The shape of the Euclidean metric (inverse mass matrix) that warmup adapts.
namespace BayesGlmm.Sampling;

/// <summary>
/// The form of the inverse metric M⁻¹ adapted during warmup: Stan's <c>diag_e</c> and <c>dense_e</c>, and nutpie's
/// low-rank-plus-diagonal form.
/// </summary>
public enum MetricKind
{
    /// <summary>A diagonal inverse metric: one variance per unconstrained parameter.</summary>
    Diagonal,

    /// <summary>A dense inverse metric: the full covariance of the unconstrained parameters (Stan adaptation only).</summary>
    Dense,

    /// <summary>
    /// M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ): a diagonal scale corrected along a few directions U with their
    /// variances Λ (Fisher adaptation only; Seyboldt, Carlson &amp; Carpenter 2026).
    /// </summary>
    LowRank,
}
