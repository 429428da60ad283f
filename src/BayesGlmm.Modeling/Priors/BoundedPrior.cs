// A scalar prior restricted to (lower bound, ∞) and renormalised there: the half-distributions of positive parameters.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// A <see cref="ScalarPrior"/> truncated below at <see cref="LowerBound"/> and renormalised,
/// p(x) = f(x) / (1 − F(lb)) for x &gt; lb, as Stan's <c>T[lb, ]</c> and brms's lprior do for parameters
/// declared <c>&lt;lower=lb&gt;</c> (a normal(0, s) on an sd is the half-normal with density 2 f(x)).
/// With no bound (−∞) it is the distribution itself.
/// </summary>
public sealed class BoundedPrior
{
    private readonly double _constant;

    /// <summary>Wraps <paramref name="distribution"/> truncated below at <paramref name="lowerBound"/> (−∞ for none).</summary>
    public BoundedPrior(ScalarPrior distribution, double lowerBound)
    {
        Distribution = distribution;
        LowerBound = lowerBound;
        double mass = lowerBound > distribution.SupportLower ? 1.0 - distribution.Cdf(lowerBound) : 1.0;
        if (!(mass > 0))
            throw new ArgumentException($"{distribution} puts no mass above the lower bound {lowerBound}");
        Mass = mass;
        LogNormaliser = -Math.Log(mass);
        _constant = distribution.LogConstant + LogNormaliser;
    }

    /// <summary>The distribution before truncation.</summary>
    public ScalarPrior Distribution { get; }

    /// <summary>The lower bound (−∞ when the parameter is unbounded).</summary>
    public double LowerBound { get; }

    /// <summary>P(X &gt; lb) under the untruncated distribution.</summary>
    public double Mass { get; }

    /// <summary>−log P(X &gt; lb), added to the log density.</summary>
    public double LogNormaliser { get; }

    /// <summary>Returns log p(x) of the truncated distribution and its derivative in x.</summary>
    public double LogDensity(double x, out double derivative)
    {
        if (x < LowerBound) { derivative = 0; return double.NegativeInfinity; }
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
                if (x > LowerBound) return x;
            }
        }
        // Inversion: find x with F(x) = F(lb) + u (1 − F(lb)).
        double target = Distribution.Cdf(LowerBound) + rng.NextOpenDouble() * Mass;
        double lo = LowerBound, step = 1.0, hi = LowerBound + step;
        while (Distribution.Cdf(hi) < target && step < 1e300) { lo = hi; step *= 2; hi = LowerBound + step; }
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
