// Count draws (Poisson, binomial, negative binomial, zero-truncated) that stay defined for any mean a posterior draw may produce.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// Guards around <see cref="RandomStream.NextPoisson"/> and <see cref="RandomStream.NextBinomial"/>: a NaN
/// parameter gives NaN, an infinite Poisson mean gives +∞, and a Poisson mean above 10^9 uses the normal
/// approximation N(mu, mu) rounded (its relative error there is below 10^-4.5 in every moment that matters
/// for a replicate) rather than the exact sampler.
/// </summary>
internal static class CountDraws
{
    private const double NormalApproximationAbove = 1e9;

    public static double Poisson(RandomStream rng, double mean)
    {
        if (double.IsNaN(mean)) return double.NaN;
        if (double.IsPositiveInfinity(mean)) return double.PositiveInfinity;
        if (mean > NormalApproximationAbove) return Math.Max(0.0, Math.Round(rng.NextNormal(mean, Math.Sqrt(mean))));
        return rng.NextPoisson(mean);
    }

    public static double Binomial(RandomStream rng, double probability, double trials)
        => double.IsNaN(probability) ? double.NaN : rng.NextBinomial(probability, (int)trials);

    /// <summary>NB2(mean, shape) as the gamma–Poisson mixture: λ ~ gamma(φ, rate φ/μ), y ~ Poisson(λ).</summary>
    public static double NegBinomial(RandomStream rng, double mean, double shape)
        => Poisson(rng, rng.NextGamma(shape) * mean / shape);

    /// <summary>
    /// Poisson(mean) given y &gt; 0: rejection of zeros when P(0) = e^(−μ) ≤ e^(−1), else inversion of the
    /// truncated distribution function from y = 1 (p(y + 1) = p(y) μ/(y + 1), target u (1 − e^(−μ))).
    /// </summary>
    public static double ZeroTruncatedPoisson(RandomStream rng, double mean)
    {
        if (double.IsNaN(mean)) return double.NaN;
        if (mean >= 1.0)
        {
            while (true)
            {
                double y = Poisson(rng, mean);
                if (y > 0) return y;
            }
        }
        double target = rng.NextOpenDouble() * -Numerics.Special.LogExp.Expm1(-mean);
        double term = mean * Math.Exp(-mean), cumulative = term;
        int k = 1;
        while (cumulative < target && term > 0 && k < 100_000)
        {
            term *= mean / (k + 1);
            cumulative += term;
            k++;
        }
        return k;
    }

    /// <summary>
    /// NB2(mean, shape) given y &gt; 0: rejection of zeros when P(0) = (φ/(μ + φ))^φ ≤ 1/2, else inversion from
    /// y = 1 with p(1) = p₀ φ r and p(y + 1) = p(y) r (y + φ)/(y + 1), r = μ/(μ + φ).
    /// </summary>
    public static double ZeroTruncatedNegBinomial(RandomStream rng, double mean, double shape)
    {
        if (double.IsNaN(mean)) return double.NaN;
        double logP0 = -shape * Numerics.Special.LogExp.Log1p(mean / shape);
        if (!(logP0 > -0.6931471805599453))
        {
            while (true)
            {
                double y = NegBinomial(rng, mean, shape);
                if (y > 0 || double.IsNaN(y)) return y;
            }
        }
        double r = mean / (mean + shape);
        double target = rng.NextOpenDouble() * -Numerics.Special.LogExp.Expm1(logP0);
        double term = Math.Exp(logP0) * shape * r, cumulative = term;
        int k = 1;
        while (cumulative < target && term > 0 && k < 100_000)
        {
            term *= r * (k + shape) / (k + 1);
            cumulative += term;
            k++;
        }
        return k;
    }
}
