// loo 2.5.1's relative efficiency r_eff of the likelihood draws, from its own (unsplit) ESS estimator.
namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>
/// The relative efficiency r_eff = ESS/S that sets the PSIS tail length and scales n_eff and MCSE
/// (Vehtari, Gelman &amp; Gabry 2017, Stat. Comput. 27, §2.3 and eq. 21–22), computed as R's loo 2.5.1
/// does (<c>relative_eff</c> → <c>ess_rfun</c>): the ESS of the likelihood exp(log p(y_i | θ)) over
/// unsplit chains with Geyer's initial positive and monotone sequences (Geyer 1992), and loo's own
/// autocovariance, whose FFT normalisation leaves a factor L/N on every lag (L the FFT length).
/// </summary>
public static class RelativeEfficiency
{
    /// <summary>
    /// r_eff of one observation's log-likelihood draws, stored chain after chain (chain 1's iterations
    /// first). The likelihood is taken as exp(ℓ − max ℓ): the ESS does not depend on the scale, and
    /// the shift keeps exp() from underflowing to a constant.
    /// </summary>
    /// <param name="logLikelihood">S = chains × iterations values, chain after chain.</param>
    /// <param name="chainCount">The number of chains (S must be a multiple of it).</param>
    public static double FromLogLikelihood(ReadOnlySpan<double> logLikelihood, int chainCount)
    {
        double max = double.NegativeInfinity;
        foreach (double v in logLikelihood) if (v > max) max = v;
        var likelihood = new double[logLikelihood.Length];
        for (int i = 0; i < likelihood.Length; i++) likelihood[i] = Math.Exp(logLikelihood[i] - max);
        return EffectiveSampleSize(likelihood, chainCount) / logLikelihood.Length;
    }

    /// <summary>
    /// loo 2.5.1's ESS (<c>ess_rfun</c>) of draws stored chain after chain, chains not split.
    /// With N iterations per chain and M chains (Vehtari et al. 2021, Bayesian Anal. 16(2), eq. 10–11,
    /// without splitting or rank normalisation):
    /// W = mean_m acov_m(0)·N/(N − 1); var⁺ = W(N − 1)/N + var(chain means) (M &gt; 1);
    /// ρ̂_t = 1 − (W − mean_m acov_m(t))/var⁺; Geyer's initial positive sequence on pairs, then the
    /// initial monotone sequence; τ̂ = −1 + 2Σ_{t&lt;T} ρ̂_t + ρ̂_T, at least 1/log10(MN); ESS = MN/τ̂.
    /// acov_m(t) = (L/N)·(1/N)Σ_{i=1}^{N−t} c_i c_{i+t}, L = <see cref="NextGoodFftSize"/>(N), as loo's FFT gives it.
    /// </summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> values, int chainCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chainCount, 1);
        if (values.Length % chainCount != 0)
            throw new ArgumentException("The number of draws must be a multiple of the number of chains.", nameof(values));
        int n = values.Length / chainCount;
        if (n < 2) return double.NaN;
        int total = values.Length;

        // Centre each chain.
        var centred = new double[total];
        var chainMeans = new double[chainCount];
        for (int m = 0; m < chainCount; m++)
        {
            var chain = values.Slice(m * n, n);
            double mean = Mean(chain);
            chainMeans[m] = mean;
            for (int i = 0; i < n; i++) centred[m * n + i] = chain[i] - mean;
        }

        double lagScale = (double)NextGoodFftSize(n) / n / n;
        double MeanAutocovariance(int lag)
        {
            double sum = 0;
            for (int m = 0; m < chainCount; m++)
            {
                var c = centred.AsSpan(m * n, n);
                double acc = 0;
                for (int i = 0; i < n - lag; i++) acc += c[i] * c[i + lag];
                sum += acc * lagScale;
            }
            return sum / chainCount;
        }

        double meanVar = MeanAutocovariance(0) * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (chainCount > 1) varPlus += SampleVariance(chainMeans);

        // Geyer's initial positive sequence (Geyer 1992, §3.3), pairs (ρ̂_{2k}, ρ̂_{2k+1}).
        var rho = new double[n];
        int t = 0;
        double rhoEven = 1.0;
        rho[0] = rhoEven;
        double rhoOdd = 1.0 - (meanVar - MeanAutocovariance(1)) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1.0 - (meanVar - MeanAutocovariance(t)) / varPlus;
            rhoOdd = 1.0 - (meanVar - MeanAutocovariance(t + 1)) / varPlus;
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }
        int maxT = t;
        if (rhoEven > 0) rho[maxT] = rhoEven;

        // Geyer's initial monotone sequence, never touching the terminating pair.
        t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        // τ̂ = −1 + 2Σ_{t=0}^{T−1} ρ̂_t + ρ̂_T; for T = 0 R's sum(rho[1:0]) is ρ̂_0 = 1.
        double sumRho = 0;
        if (maxT == 0) sumRho = rho[0];
        else for (int i = 0; i < maxT; i++) sumRho += rho[i];
        double tau = -1.0 + 2.0 * sumRho + rho[maxT];
        tau = Math.Max(tau, 1.0 / Math.Log10(total));
        return total / tau;
    }

    /// <summary>
    /// The smallest integer ≥ N whose only prime factors are 2, 3 and 5 (2 when N ≤ 2): the FFT length
    /// loo 2.5.1 pads to (<c>fft_next_good_size</c>).
    /// </summary>
    public static int NextGoodFftSize(int n)
    {
        if (n <= 2) return 2;
        while (true)
        {
            int m = n;
            while (m % 2 == 0) m /= 2;
            while (m % 3 == 0) m /= 3;
            while (m % 5 == 0) m /= 5;
            if (m <= 1) return n;
            n++;
        }
    }

    private static double Mean(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += v;
        double mean = sum / x.Length;
        // One refinement pass, as R's mean() does.
        double correction = 0;
        foreach (double v in x) correction += v - mean;
        return mean + correction / x.Length;
    }

    private static double SampleVariance(ReadOnlySpan<double> x)
    {
        double mean = Mean(x);
        double ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return ss / (x.Length - 1);
    }
}
