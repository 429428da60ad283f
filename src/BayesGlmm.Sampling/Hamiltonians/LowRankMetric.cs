// The low-rank-plus-diagonal Euclidean metric of nutpie: M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ), O(d·r) per product.
using System.Numerics.Tensors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// An inverse metric M⁻¹ = diag(σ)(I + U(Λ − I)Uᵀ)diag(σ) with U a d×r matrix of orthonormal columns and Λ their
/// r eigenvalues (Seyboldt, Carlson &amp; Carpenter 2026, arXiv:2603.18845, §3, the low-rank-plus-diagonal metric;
/// nuts-rs <c>src/transform/low_rank.rs</c>, which applies the same map as a change of coordinates).
/// Because Uᵀ U = I, the square root of M = diag(1/σ)(I + U(Λ⁻¹ − I)Uᵀ)diag(1/σ) is
/// diag(1/σ)(I + U(Λ^−½ − I)Uᵀ), so a momentum is p = (1/σ) ⊙ (z + U((Λ^−½ − 1) ⊙ Uᵀz)) with z ~ N(0, I).
/// Products cost O(d·r); with r = 0 the metric is diagonal, diag(σ²).
/// </summary>
internal sealed class LowRankMetric : EuclideanMetric
{
    private readonly double[] _scale;        // σ
    private readonly double[] _inverseScale; // 1/σ
    private readonly double[] _scratch;      // d
    private double[] _directions = [];        // U as r rows of d values
    private double[] _eigenvalues = [];       // Λ
    private double[] _projection = [];        // r scratch values

    public LowRankMetric(int dimension)
        : base(dimension)
    {
        _scale = new double[dimension];
        _inverseScale = new double[dimension];
        _scratch = new double[dimension];
        Array.Fill(_scale, 1.0);
        Array.Fill(_inverseScale, 1.0);
    }

    public override MetricKind Kind => MetricKind.LowRank;

    /// <summary>The number r of corrected directions.</summary>
    public int Rank => _eigenvalues.Length;

    public override void Sharp(ReadOnlySpan<double> p, Span<double> sharp)
    {
        TensorPrimitives.Multiply(p, _scale, sharp);
        int d = Dimension, r = _eigenvalues.Length;
        if (r == 0)
        {
            TensorPrimitives.Multiply(sharp, _scale, sharp);
            return;
        }
        ReadOnlySpan<double> u = _directions;
        for (int j = 0; j < r; j++) _projection[j] = TensorPrimitives.Dot(u.Slice(j * d, d), sharp) * (_eigenvalues[j] - 1.0);
        for (int j = 0; j < r; j++) TensorPrimitives.MultiplyAdd(u.Slice(j * d, d), _projection[j], sharp, sharp);
        TensorPrimitives.Multiply(sharp, _scale, sharp);
    }

    public override void SampleMomentum(RandomStream rng, Span<double> p)
    {
        for (int i = 0; i < p.Length; i++) p[i] = rng.NextStandardNormal();
        int d = Dimension, r = _eigenvalues.Length;
        ReadOnlySpan<double> u = _directions;
        for (int j = 0; j < r; j++) _projection[j] = TensorPrimitives.Dot(u.Slice(j * d, d), p) * (1.0 / Math.Sqrt(_eigenvalues[j]) - 1.0);
        for (int j = 0; j < r; j++) TensorPrimitives.MultiplyAdd(u.Slice(j * d, d), _projection[j], p, p);
        TensorPrimitives.Multiply(p, _inverseScale, p);
    }

    /// <summary>Sets a diagonal inverse metric diag(v) with no low-rank correction.</summary>
    public override void SetInverseMetric(ReadOnlySpan<double> inverseMetric)
    {
        if (inverseMetric.Length != Dimension) throw new ArgumentException("The diagonal inverse metric needs d values.", nameof(inverseMetric));
        for (int i = 0; i < Dimension; i++)
        {
            _scale[i] = Math.Sqrt(inverseMetric[i]);
            _inverseScale[i] = 1.0 / _scale[i];
        }
        _directions = [];
        _eigenvalues = [];
        _projection = [];
    }

    /// <summary>
    /// Sets σ, the eigenvalues Λ and the directions U (r rows of d values, orthonormal). The arrays are kept, not copied.
    /// </summary>
    public void Set(double[] scale, double[] eigenvalues, double[] directions)
    {
        if (scale.Length != Dimension || directions.Length != eigenvalues.Length * Dimension)
            throw new ArgumentException("The low-rank metric needs d scales and r·d direction values.");
        scale.CopyTo(_scale, 0);
        for (int i = 0; i < Dimension; i++) _inverseScale[i] = 1.0 / _scale[i];
        _eigenvalues = eigenvalues;
        _directions = directions;
        _projection = new double[eigenvalues.Length];
    }

    /// <summary>The diagonal of M⁻¹: σ_i²(1 + Σ_j U_ij²(λ_j − 1)).</summary>
    public override double[] InverseMetricCopy()
    {
        int d = Dimension;
        var diagonal = new double[d];
        for (int i = 0; i < d; i++)
        {
            double s = 1.0;
            for (int j = 0; j < _eigenvalues.Length; j++) s += _directions[j * d + i] * _directions[j * d + i] * (_eigenvalues[j] - 1.0);
            diagonal[i] = _scale[i] * _scale[i] * s;
        }
        return diagonal;
    }

    /// <summary>σ, Λ and U (r rows of d values) as copies.</summary>
    public LowRankFactors Factors() => new((double[])_scale.Clone(), (double[])_eigenvalues.Clone(), (double[])_directions.Clone());
}
