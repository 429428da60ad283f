// The low-rank-plus-diagonal Fisher metric estimate from a window of stored draws and gradients.
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Keeps the warmup draws and gradients of the current foreground window (the background is its newest part, as in
/// nuts-rs <c>src/transform/adapt/low_rank.rs</c>, where a switch drops the rows that were foreground only) and
/// turns them into a <see cref="LowRankMetric"/> with <see cref="LowRankFisherEstimate"/>. Row buffers are recycled,
/// so after the first windows no draw allocates.
/// </summary>
internal sealed class FisherLowRankEstimator : IFisherMetricEstimator
{
    private readonly int _dimension;
    private readonly double _gamma;
    private readonly double _cutoff;
    private readonly List<double[]> _draws = [];
    private readonly List<double[]> _gradients = [];
    private readonly Stack<double[]> _pool = new();
    private int _split;

    public FisherLowRankEstimator(int dimension, int updateInterval, double gamma, double cutoff)
    {
        _dimension = dimension;
        _gamma = gamma;
        _cutoff = cutoff;
        UpdateInterval = updateInterval;
    }

    public int ForegroundCount => _draws.Count;

    public int BackgroundCount => _draws.Count - _split;

    public int UpdateInterval { get; }

    public void Begin(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient, EuclideanMetric metric)
    {
        var initial = new double[_dimension];
        FisherDiagonalEstimator.InitialInverseMetric(gradient, initial);
        metric.SetInverseMetric(initial);
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
        var estimate = LowRankFisherEstimate.Compute(_draws, _gradients, _dimension, _gamma, _cutoff);
        if (estimate is null) return false;
        ((LowRankMetric)metric).Set(estimate.Scales, estimate.Eigenvalues, estimate.Directions);
        return true;
    }

    private double[] Row(ReadOnlySpan<double> values)
    {
        double[] row = _pool.Count > 0 ? _pool.Pop() : new double[_dimension];
        values.CopyTo(row);
        return row;
    }
}
