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
}
