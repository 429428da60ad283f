// The shape of the Euclidean metric (inverse mass matrix) that warmup adapts.
namespace BayesGlmm.Sampling;

/// <summary>The form of the inverse metric M⁻¹ adapted during warmup (Stan's <c>diag_e</c> and <c>dense_e</c>).</summary>
public enum MetricKind
{
    /// <summary>A diagonal inverse metric: one variance per unconstrained parameter.</summary>
    Diagonal,

    /// <summary>A dense inverse metric: the full covariance of the unconstrained parameters.</summary>
    Dense,
}
