// A scalar prior restricted to the support of its parameter and renormalised there: the half-distributions of positive parameters.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// A <see cref="ScalarPrior"/> truncated to (<see cref="LowerBound"/>, <see cref="UpperBound"/>) and renormalised,
/// p(x) = f(x) / (F(ub) − F(lb)) inside, as Stan's <c>T[lb, ub]</c> and brms's lprior do for parameters declared
/// <c>&lt;lower=lb&gt;</c> or <c>&lt;lower=lb, upper=ub&gt;</c> (a normal(0, s) on an sd is the half-normal with
/// density 2 f(x)). With no bounds (−∞, +∞) it is the distribution itself.
/// </summary>
public sealed class BoundedPrior
{
    private readonly double _constant;

    /// <summary>Wraps <paramref name="distribution"/> truncated to (<paramref name="lowerBound"/>, <paramref name="upperBound"/>) (−∞ and +∞ for none).</summary>
    public BoundedPrior(ScalarPrior distribution, double lowerBound, double upperBound = double.PositiveInfinity)
    {
        Distribution = distribution;
        LowerBound = lowerBound;
        UpperBound = upperBound;
        double below = lowerBound > distribution.SupportLower ? distribution.Cdf(lowerBound) : 0.0;
        double above = upperBound < distribution.SupportUpper ? distribution.Cdf(upperBound) : 1.0;
        double mass = above - below;
        if (!(mass > 0))
            throw new ArgumentException(double.IsPositiveInfinity(upperBound)
                ? $"{distribution} puts no mass above the lower bound {lowerBound}"
                : $"{distribution} puts no mass between {lowerBound} and {upperBound}");
        Mass = mass;
        LogNormaliser = -Math.Log(mass);
        _constant = distribution.LogConstant + LogNormaliser;
    }

    /// <summary>The distribution before truncation.</summary>
    public ScalarPrior Distribution { get; }

    /// <summary>The lower bound (−∞ when the parameter is unbounded below).</summary>
    public double LowerBound { get; }

    /// <summary>The upper bound (+∞ when the parameter is unbounded above).</summary>
    public double UpperBound { get; }

    /// <summary>P(lb &lt; X &lt; ub) under the untruncated distribution.</summary>
    public double Mass { get; }

    /// <summary>−log P(lb &lt; X &lt; ub), added to the log density.</summary>
    public double LogNormaliser { get; }

    /// <summary>Returns log p(x) of the truncated distribution and its derivative in x.</summary>
    public double LogDensity(double x, out double derivative)
    {
        if (x < LowerBound || x > UpperBound) { derivative = 0; return double.NegativeInfinity; }
        return Distribution.LogKernel(x, out derivative) + _constant;
    }

    /// <summary>One draw from the truncated distribution: rejection when the kept mass is large, inversion by bisection otherwise.</summary>
    public double Sample(RandomStream rng)
    {
        if (Mass >= 0.05)
        {
            while (true)
            {
                double x = Distribution.Sample(rng);
                if (x > LowerBound && x < UpperBound) return x;
            }
        }
        // Inversion: find x with F(x) = F(lb) + u (F(ub) − F(lb)), bracketing outwards from a finite bound.
        double target = (LowerBound > Distribution.SupportLower ? Distribution.Cdf(LowerBound) : 0.0) + rng.NextOpenDouble() * Mass;
        double lo, hi;
        if (double.IsFinite(LowerBound) && double.IsFinite(UpperBound)) { lo = LowerBound; hi = UpperBound; }
        else if (double.IsFinite(LowerBound))
        {
            double step = 1.0;
            lo = LowerBound;
            hi = LowerBound + step;
            while (Distribution.Cdf(hi) < target && step < 1e300) { lo = hi; step *= 2; hi = LowerBound + step; }
        }
        else
        {
            double step = 1.0;
            hi = UpperBound;
            lo = UpperBound - step;
            while (Distribution.Cdf(lo) > target && step < 1e300) { hi = lo; step *= 2; lo = UpperBound - step; }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.Max(1.0, Math.Abs(hi)); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Distribution.Cdf(mid) < target) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <inheritdoc />
    public override string ToString() => Distribution.ToString();
}
