// Exact draws from a log-concave density known up to a constant: adaptive rejection sampling with tangent hulls.
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Numerics.Random;

/// <summary>A log-concave density on the real line, up to a constant: h(x) = log f(x) + c and h'(x).</summary>
public interface ILogConcaveDensity
{
    /// <summary>h(x), with h'(x) in <paramref name="derivative"/>.</summary>
    double LogDensity(double x, out double derivative);
}

/// <summary>
/// Adaptive rejection sampling (Gilks &amp; Wild 1992, Applied Statistics 41:337–348, §2.2, the tangent version): the
/// tangents of h at abscissae x_1 &lt; … &lt; x_k form a piecewise-linear upper hull u ≥ h (h concave); a point drawn from
/// exp(u), a piecewise exponential, is accepted with probability exp(h − u), and a rejected point joins the abscissae so
/// the hull tightens. Every accepted point is an exact draw from f. A point with h above the hull proves h is not concave
/// and throws. One instance is for one thread at a time; nothing allocates per draw.
/// </summary>
public sealed class AdaptiveRejectionSampler
{
    /// <summary>The most abscissae kept.</summary>
    public const int MaximumPoints = 64;

    private const int MaximumTrials = 10_000;
    private readonly double[] _x = new double[MaximumPoints];
    private readonly double[] _h = new double[MaximumPoints];
    private readonly double[] _d = new double[MaximumPoints];
    private readonly double[] _z = new double[MaximumPoints + 1];  // segment j is [z[j], z[j + 1]]
    private readonly double[] _mass = new double[MaximumPoints];
    private int _count;
    private double _top;

    /// <summary>
    /// One draw from the density, starting the hull from <paramref name="start"/> (two or more distinct points, at least one
    /// left and one right of the mode is best: the hull is widened by doubling steps until its ends slope inwards).
    /// </summary>
    public double Sample<T>(ref T density, ReadOnlySpan<double> start, RandomStream rng) where T : struct, ILogConcaveDensity
    {
        if (start.Length < 2 || start.Length > MaximumPoints - 2) throw new ArgumentException("Give between 2 and 62 starting points.", nameof(start));
        _count = 0;
        foreach (double x in start) Insert(ref density, x);
        Widen(ref density);
        Hull();
        for (int trial = 0; trial < MaximumTrials; trial++)
        {
            double x = DrawFromHull(rng, out int segment);
            double upper = _h[segment] + _d[segment] * (x - _x[segment]);
            double h = density.LogDensity(x, out double derivative);
            if (h > upper + 1e-8 * (1 + Math.Abs(h)))
                throw new InvalidOperationException($"The density is not log-concave: log f({x}) = {h} lies above the tangent hull ({upper}).");
            if (Math.Log(rng.NextOpenDouble()) <= h - upper) return x;
            if (_count < MaximumPoints && double.IsFinite(h))
            {
                InsertEvaluated(x, h, derivative);
                Hull();
            }
        }
        throw new InvalidOperationException("Adaptive rejection sampling accepted nothing in 10000 trials.");
    }

    private void Insert<T>(ref T density, double x) where T : struct, ILogConcaveDensity
    {
        double h = density.LogDensity(x, out double d);
        if (!double.IsFinite(h) || !double.IsFinite(d)) throw new ArgumentException($"The log density is not finite at the starting point {x}.");
        InsertEvaluated(x, h, d);
    }

    private void InsertEvaluated(double x, double h, double d)
    {
        int i = _count;
        while (i > 0 && _x[i - 1] > x)
        {
            _x[i] = _x[i - 1];
            _h[i] = _h[i - 1];
            _d[i] = _d[i - 1];
            i--;
        }
        if (i > 0 && _x[i - 1] == x)
        {
            for (int j = i; j < _count; j++) { _x[j] = _x[j + 1]; _h[j] = _h[j + 1]; _d[j] = _d[j + 1]; }
            return;
        }
        _x[i] = x;
        _h[i] = h;
        _d[i] = d;
        _count++;
    }

    /// <summary>
    /// Moves the outer abscissae out, doubling the step, until the end tangents slope inwards by at least one unit of log
    /// density across the hull (h'(x_1)(x_k − x_1) ≥ 1 ≥ −h'(x_k)(x_k − x_1) reversed), so the hull's tails are tight.
    /// </summary>
    private void Widen<T>(ref T density) where T : struct, ILogConcaveDensity
    {
        double width = Math.Max(_x[_count - 1] - _x[0], 1e-8);
        for (int step = 0; _d[0] * (_x[_count - 1] - _x[0]) < 1 && step < 60 && _count < MaximumPoints; step++, width *= 2) Insert(ref density, _x[0] - width);
        width = Math.Max(_x[_count - 1] - _x[0], 1e-8);
        for (int step = 0; -_d[_count - 1] * (_x[_count - 1] - _x[0]) < 1 && step < 60 && _count < MaximumPoints; step++, width *= 2) Insert(ref density, _x[_count - 1] + width);
        if (_d[0] <= 0 || _d[_count - 1] >= 0) throw new InvalidOperationException("The density's log does not decrease in both tails.");
    }

    /// <summary>The tangents' intersections and each segment's mass under exp(u − top).</summary>
    private void Hull()
    {
        int k = _count;
        _top = double.NegativeInfinity;
        for (int j = 0; j < k; j++) _top = Math.Max(_top, _h[j]);
        _z[0] = double.NegativeInfinity;
        _z[k] = double.PositiveInfinity;
        for (int j = 0; j < k - 1; j++)
        {
            double dd = _d[j] - _d[j + 1];
            double z = dd > 1e-300 ? (_h[j + 1] - _h[j] - _x[j + 1] * _d[j + 1] + _x[j] * _d[j]) / dd : 0.5 * (_x[j] + _x[j + 1]);
            _z[j + 1] = Math.Clamp(z, _x[j], _x[j + 1]);
        }
        for (int j = 0; j < k; j++)
        {
            // exp(u) over [left, right] with u linear of slope d, from its larger end so nothing overflows or cancels.
            double left = _z[j], right = _z[j + 1], d = _d[j], width = right - left;
            double uLeft = double.IsNegativeInfinity(left) ? double.NegativeInfinity : _h[j] + d * (left - _x[j]) - _top;
            double uRight = double.IsPositiveInfinity(right) ? double.NegativeInfinity : _h[j] + d * (right - _x[j]) - _top;
            if (double.IsFinite(width) && Math.Abs(d * width) < 1e-12) _mass[j] = Math.Exp(uLeft) * width;
            else if (d > 0) _mass[j] = Math.Exp(uRight) * -LogExp.Expm1(uLeft - uRight) / d;
            else _mass[j] = Math.Exp(uLeft) * -LogExp.Expm1(uRight - uLeft) / -d;
        }
    }

    private double DrawFromHull(RandomStream rng, out int segment)
    {
        double total = 0;
        for (int j = 0; j < _count; j++) total += _mass[j];
        double t = rng.NextOpenDouble() * total;
        segment = 0;
        while (segment < _count - 1 && t > _mass[segment])
        {
            t -= _mass[segment];
            segment++;
        }
        double left = _z[segment], d = _d[segment], xj = _x[segment], hj = _h[segment];
        if (double.IsNegativeInfinity(left)) return xj + (Math.Log(t * d) + _top - hj) / d; // exp(u(x) − top) = d t
        double atLeft = Math.Exp(hj + d * (left - xj) - _top);
        double x = Math.Abs(d) * t < 1e-12 * atLeft ? left + t / atLeft : left + LogExp.Log1p(d * t / atLeft) / d;
        return Math.Min(x, _z[segment + 1]);
    }
}
