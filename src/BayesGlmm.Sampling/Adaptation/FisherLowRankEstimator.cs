// The low-rank-plus-diagonal Fisher metric estimate from a window of stored draws and gradients.
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Keeps the warmup draws and gradients of the current foreground window (the background is its newest part, as in
/// nuts-rs <c>src/transform/adapt/low_rank.rs</c>, where a switch drops the rows that were foreground only) and
/// turns them into a <see cref="LowRankMetric"/> with <see cref="LowRankFisherEstimate"/>. Row buffers are recycled,
/// so after the first windows no draw allocates. Without gradients (<see cref="UseGradients"/> false, the early phase
/// under <see cref="FisherAdaptationOptions.EarlyDrawVariance"/>) the metric is the foreground's draw variance, diagonal
/// with no low-rank part, updated every <c>drawVarianceInterval</c> draws as the diagonal estimator is.
/// </summary>
internal sealed class FisherLowRankEstimator : IFisherMetricEstimator
{
    private readonly int _dimension;
    private readonly double _gamma;
    private readonly double _cutoff;
    private readonly List<double[]> _draws = [];
    private readonly List<double[]> _gradients = [];
    private readonly Stack<double[]> _pool = new();
    private readonly double[] _variance;
    private readonly int _updateInterval;
    private readonly int _drawVarianceInterval;
    private int _split;

    public FisherLowRankEstimator(int dimension, int updateInterval, double gamma, double cutoff, int drawVarianceInterval = 1)
    {
        _dimension = dimension;
        _gamma = gamma;
        _cutoff = cutoff;
        _updateInterval = updateInterval;
        _drawVarianceInterval = drawVarianceInterval;
        _variance = new double[dimension];
    }

    public int ForegroundCount => _draws.Count;

    public int BackgroundCount => _draws.Count - _split;

    public int UpdateInterval => UseGradients ? _updateInterval : _drawVarianceInterval;

    public bool UseGradients { get; set; } = true;

    public void Begin(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient, EuclideanMetric metric, bool scaleByGradient = true)
    {
        FisherDiagonalEstimator.InitialInverseMetric(gradient, _variance, scaleByGradient);
        metric.SetInverseMetric(_variance);
        Add(draw, gradient);
    }

    public void Add(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient)
    {
        _draws.Add(Row(draw));
        _gradients.Add(Row(gradient));
    }

    public void Switch()
    {
        for (int i = 0; i < _split; i++)
        {
            _pool.Push(_draws[i]);
            _pool.Push(_gradients[i]);
        }
        _draws.RemoveRange(0, _split);
        _gradients.RemoveRange(0, _split);
        _split = _draws.Count;
    }

    public bool Update(EuclideanMetric metric)
    {
        if (_draws.Count < 3) return false;
        if (!UseGradients) return UpdateDrawVariance(metric);
        var estimate = LowRankFisherEstimate.Compute(_draws, _gradients, _dimension, _gamma, _cutoff);
        if (estimate is null) return false;
        ((LowRankMetric)metric).Set(estimate.Scales, estimate.Eigenvalues, estimate.Directions);
        return true;
    }

    /// <summary>
    /// M⁻¹ = diag(Var x_i), denominator n; a zero or non-finite variance keeps the value last set from this estimator
    /// (the initial metric or the previous draw variance: this runs in the early phase only, before any low-rank update;
    /// nuts-rs <c>update_diag_draw</c>).
    /// </summary>
    private bool UpdateDrawVariance(EuclideanMetric metric)
    {
        int n = _draws.Count;
        for (int i = 0; i < _dimension; i++)
        {
            double mean = 0;
            for (int j = 0; j < n; j++) mean += _draws[j][i];
            mean /= n;
            double m2 = 0;
            for (int j = 0; j < n; j++)
            {
                double a = _draws[j][i] - mean;
                m2 += a * a;
            }
            double v = m2 / n;
            if (double.IsFinite(v) && v != 0) _variance[i] = Math.Clamp(v, 1e-20, 1e20);
        }
        metric.SetInverseMetric(_variance);
        return true;
    }

    private double[] Row(ReadOnlySpan<double> values)
    {
        double[] row = _pool.Count > 0 ? _pool.Pop() : new double[_dimension];
        values.CopyTo(row);
        return row;
    }
}
