// PSIS-LOO: leave-one-out cross-validation by Pareto smoothed importance sampling, as loo 2.5.1 computes it.
using BayesGlmm.Diagnostics.ImportanceSampling;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// Approximate leave-one-out cross-validation (Vehtari, Gelman &amp; Gabry 2017, Stat. Comput. 27,
/// §2.1) with PSIS weights (Vehtari et al. 2024), with R's loo 2.5.1 semantics. Each observation is
/// processed on its own (parallel over observations, deterministic whatever the thread count).
/// </summary>
public static class LeaveOneOut
{
    /// <summary>The number of normal quantiles in loo 2.5.1's MCSE of elpd_loo,i.</summary>
    private const int McseQuantileCount = 1000;

    private static readonly double[] StandardNormalQuantiles = BuildQuantiles();

    /// <summary>Computes PSIS-LOO for every observation and the totals.</summary>
    /// <exception cref="BayesGlmm.Modeling.InputException">A log-likelihood value is NaN or infinite.</exception>
    public static LooResult Compute(IPointwiseLogLikelihood logLikelihood, LooOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        options ??= LooOptions.Default;
        int n = logLikelihood.ObservationCount, s = logLikelihood.DrawCount, chains = logLikelihood.ChainCount;
        if (chains < 1 || s % chains != 0)
            throw new ArgumentException($"{s} draws cannot be split into {chains} equal chains.", nameof(logLikelihood));

        var elpd = new double[n];
        var p = new double[n];
        var looic = new double[n];
        var mcse = new double[n];
        var k = new double[n];
        var neff = new double[n];
        var reff = new double[n];

        var check = new PointwiseCheck(n);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, n, parallel,
            () => new Buffers(s),
            (i, _, buffers) =>
            {
                var ll = buffers.LogLikelihood;
                logLikelihood.Fill(i, ll);
                if (!check.Accept(ll, i)) return buffers;
                reff[i] = options.EstimateRelativeEfficiency ? RelativeEfficiencyOrOne(ll, chains) : 1.0;

                // Raw log ratios r_s = −log p(y_i | θ_s) (VGG 2017, eq. 8), smoothed.
                var lr = buffers.LogRatios;
                for (int d = 0; d < s; d++) lr[d] = -ll[d];
                var lw = buffers.LogWeights;
                k[i] = Psis.Smooth(lr, reff[i], lw);

                // elpd_loo,i = log Σ_s w̃_s p(y_i | θ_s) (VGG 2017, eq. 10, normalised weights).
                elpd[i] = LogSpace.LogSumExp(ll, lw);
                // lpd_i = log (1/S) Σ_s p(y_i | θ_s) (VGG 2017, eq. 3); p_loo,i = lpd_i − elpd_loo,i.
                double lpd = LogSpace.LogSumExp(ll) - Math.Log(s);
                p[i] = lpd - elpd[i];
                looic[i] = -2.0 * elpd[i];
                neff[i] = Psis.EffectiveSampleSize(lw, reff[i]);
                mcse[i] = McseElpd(ll, lw, elpd[i], reff[i]);
                return buffers;
            },
            _ => { });
        check.ThrowIfAnyRejected();

        return new LooResult(s, elpd, p, looic, mcse, k, neff, reff);
    }

    /// <summary>
    /// loo 2.5.1's Monte Carlo standard error of elpd_loo,i (<c>mcse_elpd</c>): the variance of the
    /// expected predictive density E = exp(elpd_loo,i) by the self-normalised importance-sampling
    /// formula v = Σ_s w̃_s²(p(y_i | θ_s) − E)² (VGG 2017, eq. 22 without r_eff), then the delta
    /// method carried out on the deterministic normal quantiles z_r = E + √v·Φ⁻¹((r − 3/8)/(1000 + 1/4)),
    /// r = 1..1000: mcse = sqrt(var(log z_r over z_r &gt; 0)/r_eff) with the n − 1 variance.
    /// </summary>
    internal static double McseElpd(ReadOnlySpan<double> logLikelihood, ReadOnlySpan<double> logWeights, double elpd, double relativeEfficiency)
    {
        double e = Math.Exp(elpd);
        double v = 0;
        for (int d = 0; d < logLikelihood.Length; d++)
        {
            double w = Math.Exp(logWeights[d]);
            double diff = Math.Exp(logLikelihood[d]) - e;
            v += w * w * diff * diff;
        }
        double sd = Math.Sqrt(v);

        int count = 0;
        double mean = 0, m2 = 0;
        foreach (double q in StandardNormalQuantiles)
        {
            double z = e + sd * q;
            if (!(z > 0)) continue;
            double lz = Math.Log(z);
            count++;
            double delta = lz - mean;
            mean += delta / count;
            m2 += delta * (lz - mean);
        }
        double variance = count > 1 ? m2 / (count - 1) : double.NaN;
        return Math.Sqrt(variance / relativeEfficiency);
    }

    /// <summary>r_eff from the chains; a non-finite value (no variation to measure) falls back to 1.</summary>
    private static double RelativeEfficiencyOrOne(ReadOnlySpan<double> ll, int chains)
    {
        double r = RelativeEfficiency.FromLogLikelihood(ll, chains);
        return double.IsFinite(r) && r > 0 ? r : 1.0;
    }

    private static double[] BuildQuantiles()
    {
        var q = new double[McseQuantileCount];
        for (int r = 1; r <= McseQuantileCount; r++)
            q[r - 1] = Normal.InvCDF(0.0, 1.0, (r - 3.0 / 8.0) / (McseQuantileCount - 3.0 / 4.0 + 1.0));
        return q;
    }

    private sealed class Buffers(int drawCount)
    {
        public double[] LogLikelihood { get; } = new double[drawCount];
        public double[] LogRatios { get; } = new double[drawCount];
        public double[] LogWeights { get; } = new double[drawCount];
    }
}
