// Slow adaptation of the metric: draws of each warmup window become the next inverse metric.
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Windowed metric adaptation (Stan's <c>var_adaptation</c>/<c>covar_adaptation</c> driven by
/// <see cref="WarmupSchedule"/>): each window's draws feed a memoryless Welford estimator; at the window's
/// end the regularised estimate replaces the inverse metric.
/// </summary>
internal sealed class WindowedMetricAdaptation
{
    private readonly WarmupSchedule _schedule;
    private readonly IMetricEstimator _estimator;
    private readonly double[] _estimate;

    public WindowedMetricAdaptation(WarmupSchedule schedule, MetricKind kind, int dimension)
    {
        _schedule = schedule;
        _estimator = kind == MetricKind.Dense ? new WelfordCovariance(dimension) : new WelfordVariance(dimension);
        _estimate = new double[kind == MetricKind.Dense ? dimension * dimension : dimension];
    }

    /// <summary>
    /// Observes the draw selected at warmup iteration <paramref name="iteration"/>; at a window end sets the
    /// new inverse metric on <paramref name="metric"/> and returns true.
    /// </summary>
    public bool Observe(int iteration, ReadOnlySpan<double> draw, EuclideanMetric metric)
    {
        if (_schedule.WindowOf(iteration) < 0) return false;
        _estimator.Add(draw);
        if (!_schedule.IsWindowEnd(iteration)) return false;

        double[] current = metric.InverseMetricCopy();
        current.CopyTo(_estimate, 0);
        _estimator.Estimate(_estimate);
        foreach (double v in _estimate)
        {
            if (!double.IsFinite(v))
                throw new InvalidOperationException("Numerical overflow in metric adaptation: the warmup draws have a non-finite variance.");
        }
        metric.SetInverseMetric(_estimate);
        _estimator.Restart();
        return true;
    }
}
