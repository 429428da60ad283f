// The dense Euclidean metric (Stan's dense_e): a full M⁻¹ with its Cholesky factor for momentum draws.
using System.Numerics.Tensors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// A dense inverse metric M⁻¹ = L Lᵀ. p♯ = M⁻¹p; momenta p = L⁻ᵀu with u ~ N(0, I), so that
/// Cov(p) = (L Lᵀ)⁻¹ = M (Stan's <c>dense_e_metric::sample_p</c>, which solves with the upper factor).
/// </summary>
internal sealed class DenseMetric : EuclideanMetric
{
    private readonly double[] _inverse;   // d·d row-major
    private readonly double[] _upper;     // U = Lᵀ, row-major, upper triangle used

    public DenseMetric(int dimension)
        : base(dimension)
    {
        _inverse = new double[dimension * dimension];
        _upper = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++)
        {
            _inverse[i * dimension + i] = 1.0;
            _upper[i * dimension + i] = 1.0;
        }
    }

    public override MetricKind Kind => MetricKind.Dense;

    public override void Sharp(ReadOnlySpan<double> p, Span<double> sharp)
    {
        int d = Dimension;
        ReadOnlySpan<double> m = _inverse;
        for (int i = 0; i < d; i++) sharp[i] = TensorPrimitives.Dot(m.Slice(i * d, d), p);
    }

    public override void SampleMomentum(RandomStream rng, Span<double> p)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++) p[i] = rng.NextStandardNormal();
        // Back substitution U p = u, U = Lᵀ upper triangular.
        ReadOnlySpan<double> u = _upper;
        for (int i = d - 1; i >= 0; i--)
        {
            int tail = d - i - 1;
            double s = p[i] - TensorPrimitives.Dot(u.Slice(i * d + i + 1, tail), p.Slice(i + 1, tail));
            p[i] = s / u[i * d + i];
        }
    }

    public override void SetInverseMetric(ReadOnlySpan<double> inverseMetric)
    {
        int d = Dimension;
        if (inverseMetric.Length != d * d) throw new ArgumentException("The dense inverse metric needs d·d values.", nameof(inverseMetric));
        double[] lower = new double[d * d];
        if (!Cholesky.TryLower(inverseMetric, d, lower))
            throw new InvalidOperationException("The adapted inverse metric is not positive definite.");
        inverseMetric.CopyTo(_inverse);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                _upper[i * d + j] = j >= i ? lower[j * d + i] : 0.0;
    }

    public override double[] InverseMetricCopy() => (double[])_inverse.Clone();
}
