// The effective sample size of split chains by Geyer's initial positive and monotone sequences (Vehtari et al. 2021, §3.2).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// posterior 1.4.0's <c>.ess</c> on M (already split) chains of N draws, S = MN:
/// <list type="bullet">
/// <item>W = mean of the chain variances, var⁺ = W(N − 1)/N + B/N (eq. 3, 4 of Vehtari et al. 2021);</item>
/// <item>ρ̂_t = 1 − (W − mean_m acov_m(t))/var⁺ (eq. 10);</item>
/// <item>Geyer's initial positive sequence over pairs P_k = ρ̂_{2k} + ρ̂_{2k+1}, truncated at the first
/// negative pair, then the initial monotone sequence (§3.2, after eq. 10);</item>
/// <item>τ̂ = −1 + 2·Σ_{t=0}^{T−1} ρ̂_t + ρ̂_T (the antithetic improvement, eq. 13), capped below at
/// 1/log10(S), and ESS = S/τ̂ (eq. 11).</item>
/// </list>
/// NaN when the split chains have fewer than 3 draws or the draws are non-finite or constant.
/// </summary>
internal static class GeyerEss
{
    /// <summary>ESS of <paramref name="chainCount"/> contiguous equal-length chains in <paramref name="draws"/>.</summary>
    public static double Compute(ReadOnlySpan<double> draws, int chainCount)
    {
        if (chainCount <= 0) return double.NaN;
        int n = draws.Length / chainCount;
        if (n < 3 || DrawChecks.ShouldReturnNaN(draws)) return double.NaN;

        using var acov = new MeanAutocovariance(draws, chainCount);
        double meanVar = acov.At(0) * n / (n - 1.0);
        double varPlus = meanVar * (n - 1.0) / n;
        if (chainCount > 1) varPlus += Moments.Variance(acov.ChainMeans);

        using var rhoBuffer = new PooledBuffer(n);
        Span<double> rho = rhoBuffer.Span;
        rho.Clear();

        // Initial positive sequence: pairs (even, odd) while the previous pair sum is positive.
        int t = 0;
        double even = 1.0;
        double odd = 1.0 - (meanVar - acov.At(1)) / varPlus;
        rho[0] = even;
        rho[1] = odd;
        while (t < n - 5 && !double.IsNaN(even + odd) && even + odd > 0)
        {
            t += 2;
            even = 1.0 - (meanVar - acov.At(t)) / varPlus;
            odd = 1.0 - (meanVar - acov.At(t + 1)) / varPlus;
            if (even + odd >= 0)
            {
                rho[t] = even;
                rho[t + 1] = odd;
            }
        }
        int maxT = t;
        // The terminating pair's even member enters τ̂ when positive (eq. 13).
        if (even > 0) rho[maxT] = even;

        // Initial monotone sequence: no pair may exceed the one before it (terminating pair excluded).
        t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            double previous = rho[t - 2] + rho[t - 1];
            if (rho[t] + rho[t + 1] > previous)
            {
                rho[t] = previous / 2;
                rho[t + 1] = rho[t];
            }
        }

        // Σ_{t=0}^{T−1} ρ̂_t; for T = 0 posterior's R index 1:0 selects ρ̂_0, so the sum is ρ̂_0 = 1.
        double sum = 0;
        if (maxT == 0) sum = rho[0];
        else for (int i = 0; i < maxT; i++) sum += rho[i];
        double tau = -1.0 + 2.0 * sum + rho[maxT];
        double total = (double)chainCount * n;
        // Cap: ESS at most S·log10(S).
        tau = double.IsNaN(tau) ? tau : Math.Max(tau, 1.0 / Math.Log10(total));
        return total / tau;
    }
}
