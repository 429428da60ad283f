// The Euclidean metric of HMC: kinetic energy ½ pᵀM⁻¹p, momentum draws p ~ N(0, M) and p♯ = M⁻¹p.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// A Euclidean metric with inverse mass matrix M⁻¹ (Betancourt 2017, §4.2; Stan's <c>diag_e_metric</c>
/// and <c>dense_e_metric</c>). Kinetic energy K(p) = ½ pᵀM⁻¹p; the velocity p♯ = ∂K/∂p = M⁻¹p
/// (Stan's <c>dtau_dp</c>).
/// </summary>
internal abstract class EuclideanMetric
{
    protected EuclideanMetric(int dimension) => Dimension = dimension;

    /// <summary>The dimension d.</summary>
    public int Dimension { get; }

    /// <summary>The form of the metric.</summary>
    public abstract MetricKind Kind { get; }

    /// <summary>Writes p♯ = M⁻¹p into <paramref name="sharp"/>.</summary>
    public abstract void Sharp(ReadOnlySpan<double> p, Span<double> sharp);

    /// <summary>Draws a momentum p ~ N(0, M) into <paramref name="p"/>.</summary>
    public abstract void SampleMomentum(RandomStream rng, Span<double> p);

    /// <summary>Replaces M⁻¹ with <paramref name="inverseMetric"/> (d values, or d·d row-major).</summary>
    public abstract void SetInverseMetric(ReadOnlySpan<double> inverseMetric);

    /// <summary>A copy of M⁻¹ (d values, or d·d row-major).</summary>
    public abstract double[] InverseMetricCopy();

    /// <summary>Makes the metric of the given kind with M⁻¹ = I.</summary>
    public static EuclideanMetric Identity(MetricKind kind, int dimension) => kind switch
    {
        MetricKind.Diagonal => new DiagonalMetric(dimension),
        MetricKind.Dense => new DenseMetric(dimension),
        MetricKind.LowRank => new LowRankMetric(dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind."),
    };
}
