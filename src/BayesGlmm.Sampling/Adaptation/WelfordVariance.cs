// Welford's running variance with Stan's shrinkage towards 1e-3, for the diagonal metric.
using System.Numerics.Tensors;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Welford's (1962) online mean and variance (denominator n − 1; Stan's <c>welford_var_estimator</c>),
/// regularised as Stan's <c>var_adaptation</c>: v ← (n/(n + 5))·v + 10⁻³·5/(n + 5).
/// </summary>
internal sealed class WelfordVariance : IMetricEstimator
{
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[] _delta;

    public WelfordVariance(int dimension)
    {
        _mean = new double[dimension];
        _m2 = new double[dimension];
        _delta = new double[dimension];
    }

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<double> draw)
    {
        Count++;
        TensorPrimitives.Subtract(draw, _mean, _delta);
        TensorPrimitives.MultiplyAdd(_delta, 1.0 / Count, _mean, _mean);
        // m2 += (x − new mean) ⊙ (x − old mean)
        for (int i = 0; i < _m2.Length; i++) _m2[i] += (draw[i] - _mean[i]) * _delta[i];
    }

    public void Estimate(Span<double> inverseMetric)
    {
        double n = Count;
        if (Count > 1) TensorPrimitives.Multiply(_m2, 1.0 / (n - 1.0), inverseMetric);
        double shrink = n / (n + 5.0);
        double floor = 1e-3 * (5.0 / (n + 5.0));
        for (int i = 0; i < inverseMetric.Length; i++) inverseMetric[i] = shrink * inverseMetric[i] + floor;
    }

    public void Restart()
    {
        Count = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
