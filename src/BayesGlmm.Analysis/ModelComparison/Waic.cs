// WAIC, the widely applicable information criterion, as loo 2.5.1 computes it.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// The widely applicable information criterion (Watanabe 2010; Vehtari, Gelman &amp; Gabry 2017, §2.2)
/// with loo 2.5.1's definitions: lpd_i = log mean_s p(y_i | θ_s), p_waic,i = var_s log p(y_i | θ_s)
/// (denominator S − 1), elpd_waic,i = lpd_i − p_waic,i, waic_i = −2 elpd_waic,i.
/// </summary>
public static class Waic
{
    /// <summary>Computes WAIC for every observation and the totals (parallel over observations, deterministic).</summary>
    /// <exception cref="BayesGlmm.Modeling.InputException">A log-likelihood value is NaN or infinite.</exception>
    public static WaicResult Compute(IPointwiseLogLikelihood logLikelihood, int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int n = logLikelihood.ObservationCount, s = logLikelihood.DrawCount;
        var elpd = new double[n];
        var p = new double[n];
        var waic = new double[n];
        var check = new PointwiseCheck(n);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        Parallel.For(0, n, parallel,
            () => new double[s],
            (i, _, ll) =>
            {
                logLikelihood.Fill(i, ll);
                if (!check.Accept(ll, i)) return ll;
                double lpd = Diagnostics.ImportanceSampling.LogSpace.LogSumExp(ll) - Math.Log(s);
                double mean = 0;
                foreach (double v in ll) mean += v;
                mean /= s;
                double ss = 0;
                foreach (double v in ll) ss += (v - mean) * (v - mean);
                p[i] = ss / (s - 1);
                elpd[i] = lpd - p[i];
                waic[i] = -2.0 * elpd[i];
                return ll;
            },
            _ => { });
        check.ThrowIfAnyRejected();
        return new WaicResult(s, elpd, p, waic);
    }
}
