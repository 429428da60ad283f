// Running means and sums of squares of warmup draws and of their gradients, for the diagonal Fisher estimate.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Welford's (1962) running means and sums of squared deviations of the draws x and of the gradients
/// g = ∇log π(x), coordinate by coordinate. Allocation-free after construction.
/// </summary>
internal sealed class DrawGradientMoments
{
    private readonly double[] _drawMean, _drawM2, _gradMean, _gradM2;

    public DrawGradientMoments(int dimension)
    {
        _drawMean = new double[dimension];
        _drawM2 = new double[dimension];
        _gradMean = new double[dimension];
        _gradM2 = new double[dimension];
    }

    /// <summary>The number of draws added since the last reset.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a draw and its gradient.</summary>
    public void Add(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient)
    {
        Count++;
        double w = 1.0 / Count;
        for (int i = 0; i < _drawMean.Length; i++)
        {
            double dx = draw[i] - _drawMean[i];
            _drawMean[i] += dx * w;
            _drawM2[i] += dx * (draw[i] - _drawMean[i]);
            double dg = gradient[i] - _gradMean[i];
            _gradMean[i] += dg * w;
            _gradM2[i] += dg * (gradient[i] - _gradMean[i]);
        }
    }

    /// <summary>
    /// Writes the diagonal Fisher-divergence estimate of the inverse metric, sqrt(Var x_i / Var g_i), into
    /// <paramref name="inverseMetric"/>, clamped to [10⁻²⁰, 10²⁰]; a coordinate whose ratio is zero or not finite
    /// keeps its current value (nuts-rs <c>update_diag_draw_grad</c>). Needs at least two draws.
    /// </summary>
    public void WriteFisherVariance(Span<double> inverseMetric)
    {
        for (int i = 0; i < _drawM2.Length; i++)
        {
            double v = Math.Sqrt(_drawM2[i] / _gradM2[i]);
            if (double.IsFinite(v) && v != 0) inverseMetric[i] = Math.Clamp(v, 1e-20, 1e20);
        }
    }

    /// <summary>
    /// Writes the draw variance Var x_i (denominator n) into <paramref name="inverseMetric"/>, clamped to
    /// [10⁻²⁰, 10²⁰]; zero or non-finite variances keep the current value (nuts-rs <c>update_diag_draw</c>).
    /// </summary>
    public void WriteDrawVariance(Span<double> inverseMetric)
    {
        for (int i = 0; i < _drawM2.Length; i++)
        {
            double v = _drawM2[i] / Count;
            if (double.IsFinite(v) && v != 0) inverseMetric[i] = Math.Clamp(v, 1e-20, 1e20);
        }
    }

    /// <summary>Forgets every draw.</summary>
    public void Reset()
    {
        Count = 0;
        Array.Clear(_drawMean);
        Array.Clear(_drawM2);
        Array.Clear(_gradMean);
        Array.Clear(_gradM2);
    }
}
