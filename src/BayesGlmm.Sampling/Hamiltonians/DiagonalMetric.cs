// The diagonal Euclidean metric (Stan's diag_e): M⁻¹ = diag(v).
using System.Numerics.Tensors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>A diagonal inverse metric M⁻¹ = diag(v): p♯ = v ⊙ p and p_i ~ N(0, 1/v_i).</summary>
internal sealed class DiagonalMetric : EuclideanMetric
{
    private readonly double[] _inverse;
    private readonly double[] _sqrtMetric;

    public DiagonalMetric(int dimension)
        : base(dimension)
    {
        _inverse = new double[dimension];
        _sqrtMetric = new double[dimension];
        Array.Fill(_inverse, 1.0);
        Array.Fill(_sqrtMetric, 1.0);
    }

    public override MetricKind Kind => MetricKind.Diagonal;

    public override void Sharp(ReadOnlySpan<double> p, Span<double> sharp) => TensorPrimitives.Multiply(p, _inverse, sharp);

    public override void SampleMomentum(RandomStream rng, Span<double> p)
    {
        for (int i = 0; i < p.Length; i++) p[i] = rng.NextStandardNormal();
        TensorPrimitives.Multiply(p, _sqrtMetric, p);
    }

    public override void SetInverseMetric(ReadOnlySpan<double> inverseMetric)
    {
        if (inverseMetric.Length != Dimension) throw new ArgumentException("The diagonal inverse metric needs d values.", nameof(inverseMetric));
        inverseMetric.CopyTo(_inverse);
        for (int i = 0; i < Dimension; i++) _sqrtMetric[i] = 1.0 / Math.Sqrt(_inverse[i]);
    }

    public override double[] InverseMetricCopy() => (double[])_inverse.Clone();
}
