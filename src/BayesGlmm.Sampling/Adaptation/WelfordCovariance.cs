// Welford's running covariance with Stan's shrinkage towards 1e-3·I, for the dense metric.
using System.Numerics.Tensors;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Welford's online mean and covariance (denominator n − 1; Stan's <c>welford_covar_estimator</c>),
/// regularised as Stan's <c>covar_adaptation</c>: Σ ← (n/(n + 5))·Σ + 10⁻³·5/(n + 5)·I.
/// </summary>
internal sealed class WelfordCovariance : IMetricEstimator
{
    private readonly int _d;
    private readonly double[] _mean;
    private readonly double[] _m2;     // d·d row-major
    private readonly double[] _delta;
    private readonly double[] _after;

    public WelfordCovariance(int dimension)
    {
        _d = dimension;
        _mean = new double[dimension];
        _m2 = new double[dimension * dimension];
        _delta = new double[dimension];
        _after = new double[dimension];
    }

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<double> draw)
    {
        Count++;
        TensorPrimitives.Subtract(draw, _mean, _delta);
        TensorPrimitives.MultiplyAdd(_delta, 1.0 / Count, _mean, _mean);
        TensorPrimitives.Subtract(draw, _mean, _after);
        // m2 += (x − new mean)(x − old mean)ᵀ
        Span<double> m2 = _m2;
        for (int i = 0; i < _d; i++)
            TensorPrimitives.MultiplyAdd(_delta, _after[i], m2.Slice(i * _d, _d), m2.Slice(i * _d, _d));
    }

    public void Estimate(Span<double> inverseMetric)
    {
        double n = Count;
        if (Count > 1) TensorPrimitives.Multiply(_m2, 1.0 / (n - 1.0), inverseMetric);
        double shrink = n / (n + 5.0);
        double floor = 1e-3 * (5.0 / (n + 5.0));
        TensorPrimitives.Multiply(inverseMetric, shrink, inverseMetric);
        for (int i = 0; i < _d; i++)
        {
            inverseMetric[i * _d + i] += floor;
            for (int j = i + 1; j < _d; j++)
            {
                double s = 0.5 * (inverseMetric[i * _d + j] + inverseMetric[j * _d + i]);
                inverseMetric[i * _d + j] = s;
                inverseMetric[j * _d + i] = s;
            }
        }
    }

    public void Restart()
    {
        Count = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
