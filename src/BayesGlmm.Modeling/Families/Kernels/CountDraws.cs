// Poisson and binomial draws that stay defined for any mean a posterior draw may produce (NaN, huge, infinite).
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
}
