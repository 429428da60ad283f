// The diagonal Fisher-divergence metric estimate: per coordinate, sqrt(var(draws)/var(gradients)).
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// The diagonal inverse metric that minimises the Fisher divergence between the target and a Gaussian with
/// diagonal covariance: M⁻¹_ii = sqrt(Var[x_i]/Var[∂_i log π(x)]) (Seyboldt, Carlson &amp; Carpenter 2026,
/// arXiv:2603.18845, §3.1; nuts-rs <c>src/transform/adapt/diagonal.rs</c>). For a Gaussian with independent
/// coordinates of variance s_i², Var[x_i] = s_i² and Var[g_i] = 1/s_i², so the estimate is s_i² exactly; where the
/// draw variance is inflated by a poorly mixing coordinate the gradient variance pulls it back. As in nuts-rs there is
/// no shrinkage towards a constant.
/// </summary>
internal sealed class FisherDiagonalEstimator : IFisherMetricEstimator
{
    private DrawGradientMoments _foreground;
    private DrawGradientMoments _background;
    private readonly double[] _estimate;

    public FisherDiagonalEstimator(int dimension, int updateInterval, bool useGradients = true)
    {
        UseGradients = useGradients;
        _foreground = new DrawGradientMoments(dimension);
        _background = new DrawGradientMoments(dimension);
        _estimate = new double[dimension];
        UpdateInterval = updateInterval;
    }

    public int ForegroundCount => _foreground.Count;

    public int BackgroundCount => _background.Count;

    public int UpdateInterval { get; }

    public bool UseGradients { get; set; }

    public void Begin(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient, EuclideanMetric metric, bool scaleByGradient = true)
    {
        InitialInverseMetric(gradient, _estimate, scaleByGradient);
        metric.SetInverseMetric(_estimate);
        Add(draw, gradient);
    }

    public void Add(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient)
    {
        _foreground.Add(draw, gradient);
        _background.Add(draw, gradient);
    }

    public void Switch()
    {
        (_foreground, _background) = (_background, _foreground);
        _background.Reset();
    }

    public bool Update(EuclideanMetric metric)
    {
        if (_foreground.Count < 3) return false;
        if (UseGradients) _foreground.WriteFisherVariance(_estimate);
        else _foreground.WriteDrawVariance(_estimate);
        metric.SetInverseMetric(_estimate);
        return true;
    }

    /// <summary>
    /// M⁻¹ = diag(1/|g|), |g| clamped to [10⁻²⁰, 10²⁰], 1 where g is not finite (nuts-rs <c>array_update_var_inv_std_grad</c>);
    /// the identity without <paramref name="scaleByGradient"/>.
    /// </summary>
    internal static void InitialInverseMetric(ReadOnlySpan<double> gradient, Span<double> inverseMetric, bool scaleByGradient = true)
    {
        if (!scaleByGradient)
        {
            inverseMetric.Fill(1.0);
            return;
        }
        for (int i = 0; i < gradient.Length; i++)
        {
            double v = 1.0 / Math.Clamp(Math.Abs(gradient[i]), 1e-20, 1e20);
            inverseMetric[i] = double.IsFinite(v) ? v : 1.0;
        }
    }
}
