// Sampler-level checks on the draws' energies: E-BFMI per chain (Betancourt 2016).
namespace BayesGlmm.Diagnostics;

/// <summary>Checks of the sampler's behaviour that read its per-draw statistics, not the parameters.</summary>
public static class SamplerChecks
{
    /// <summary>
    /// Energy Bayesian fraction of missing information of one chain, as Stan reports it (Betancourt
    /// 2016, eq. 9 estimated from the draws): Σ_{n≥2}(E_n − E_{n−1})² / Σ_n(E_n − Ē)². Values below 0.3
    /// suggest the momentum resampling explores the energy distribution poorly. NaN for fewer than
    /// two draws, non-finite energies or constant energy.
    /// </summary>
    public static double Ebfmi(ReadOnlySpan<double> energy)
    {
        if (energy.Length < 2 || DrawChecks.ShouldReturnNaN(energy)) return double.NaN;
        double mean = Moments.Mean(energy);
        double numerator = 0, denominator = 0;
        for (int i = 0; i < energy.Length; i++)
        {
            double d = energy[i] - mean;
            denominator += d * d;
            if (i > 0)
            {
                double step = energy[i] - energy[i - 1];
                numerator += step * step;
            }
        }
        return numerator / denominator;
    }

    /// <summary>The number of divergent transitions: draws whose <c>divergent__</c> value is non-zero (NaN counts).</summary>
    public static int Divergences(ReadOnlySpan<double> divergent)
    {
        int count = 0;
        foreach (double d in divergent)
            if (d != 0) count++;
        return count;
    }

    /// <summary>The number of draws whose <c>treedepth__</c> reached <paramref name="maxTreeDepth"/> (the trajectory was cut short).</summary>
    public static int MaxTreeDepthHits(ReadOnlySpan<double> treeDepth, int maxTreeDepth)
    {
        int count = 0;
        foreach (double depth in treeDepth)
            if (depth >= maxTreeDepth) count++;
        return count;
    }
}
