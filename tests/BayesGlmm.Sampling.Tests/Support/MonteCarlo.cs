// Pooled means with their Monte Carlo standard errors (posterior's mcse_mean, Vehtari et al. 2021).
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Sampling.Tests.Support;

internal static class MonteCarlo
{
    /// <summary>The pooled mean over chains of equal length and its MCSE (sd / sqrt(ess_mean)).</summary>
    public static (double Mean, double Mcse) Estimate(IReadOnlyList<double[]> chains) =>
        (chains.SelectMany(c => c).Average(), Mcse.Mean(chains));
}
