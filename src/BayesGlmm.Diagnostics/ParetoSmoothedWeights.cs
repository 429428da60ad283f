// Pareto smoothing of log importance weights in the variant of posterior ≥ 1.6's pareto_smooth (right tail).
using BayesGlmm.Diagnostics.ImportanceSampling;

namespace BayesGlmm.Diagnostics;

/// <summary>
/// The result of <see cref="ParetoSmoothedWeights.SmoothLogWeights"/>: smoothed log weights and the Pareto
/// diagnostics of Vehtari et al. (2024).
/// </summary>
/// <param name="LogWeights">Smoothed log weights shifted so that the largest raw log weight is 0, in input order.</param>
/// <param name="NormalizedLogWeights">The same minus their log-sum-exp, so that the weights sum to 1.</param>
/// <param name="ParetoK">k̂ of the fitted tail (NaN when no fit was made, +∞ when the fit failed).</param>
/// <param name="TailLength">The number of draws in the tail, M.</param>
/// <param name="RelativeEfficiency">The r_eff used to choose M.</param>
/// <param name="MinSampleSize">10^(1/(1 − max(0, k̂))) for k̂ &lt; 1, else +∞ (eq. 11).</param>
/// <param name="KhatThreshold">1 − 1/log10(S), the largest reliable k̂ at S draws (§3.2.4, eq. 13).</param>
/// <param name="ConvergenceRate">The relative convergence rate of the RMSE (Appendix B).</param>
public sealed record ParetoSmoothingResult(
    double[] LogWeights,
    double[] NormalizedLogWeights,
    double ParetoK,
    int TailLength,
    double RelativeEfficiency,
    double MinSampleSize,
    double KhatThreshold,
    double ConvergenceRate)
{
    /// <summary>True when k̂ exceeds <see cref="KhatThreshold"/> (or is not finite): the smoothed estimate is unreliable.</summary>
    public bool IsHighK => !(ParetoK <= KhatThreshold);
}

/// <summary>
/// Pareto-smoothed importance sampling of log weights (Vehtari, Simpson, Gelman, Yao &amp; Gabry 2024),
/// exactly as posterior ≥ 1.6's <c>pareto_smooth(x, are_log_weights = TRUE)</c> computes it, which
/// priorsense uses for power-scaling. It differs from loo 2.5.1's PSIS in: tail length by ⌊·⌋ with the
/// S·r_eff &gt; 225 switch (Appendix H) and at least 5; r_eff by default from the tail ESS of the log
/// ratios themselves; the cutoff lowered by one machine epsilon when it ties the tail; no fit when the
/// first quartile of the exceedances equals their minimum.
/// </summary>
public static class ParetoSmoothedWeights
{
    private const double MachineEpsilon = DrawChecks.MachineEpsilon;

    /// <summary>
    /// Smooths the right tail of <paramref name="logRatios"/> (one sequence of S draws, chains stacked).
    /// <paramref name="relativeEfficiency"/> defaults to tail-ESS(log ratios)/S with the draws taken as one
    /// chain (split in halves), as posterior does; 1 if that ESS is undefined.
    /// Throws <see cref="ArgumentException"/> for non-finite log ratios.
    /// </summary>
    public static ParetoSmoothingResult SmoothLogWeights(ReadOnlySpan<double> logRatios, double? relativeEfficiency = null)
    {
        int s = logRatios.Length;
        foreach (double v in logRatios)
            if (!double.IsFinite(v)) throw new ArgumentException("Log ratios must be finite.", nameof(logRatios));
        if (s == 0) throw new ArgumentException("No log ratios.", nameof(logRatios));

        double rEff = relativeEfficiency ?? Ess.Tail(logRatios, 1) / s;
        if (!(rEff > 0)) rEff = 1.0;
        int tailLength = TailLength(s, rEff);

        double max = double.NegativeInfinity;
        foreach (double v in logRatios) max = Math.Max(max, v);
        var x = new double[s];
        for (int i = 0; i < s; i++) x[i] = logRatios[i] - max;

        double k = double.NaN;
        if (tailLength < s) k = SmoothTail(x, tailLength);

        var normalized = new double[s];
        double lse = LogSumExp(x);
        for (int i = 0; i < s; i++) normalized[i] = x[i] - lse;
        return new ParetoSmoothingResult(x, normalized, k, tailLength, rEff,
            MinSampleSize(k), KhatThreshold(s), ConvergenceRate(k, s));
    }

    /// <summary>
    /// posterior's <c>ps_tail_length</c> with pareto_smooth's lower bound: ⌊3·sqrt(S/r_eff)⌋ when
    /// S·r_eff &gt; 225, else ⌊S/5⌋, and at least 5 (Vehtari et al. 2024, Appendix H).
    /// </summary>
    public static int TailLength(int drawCount, double relativeEfficiency)
    {
        double m = drawCount * relativeEfficiency > 225
            ? 3 * Math.Sqrt(drawCount / relativeEfficiency)
            : drawCount / 5.0;
        return Math.Max((int)Math.Floor(m), 5);
    }

    /// <summary>1 − 1/log10(S) (Vehtari et al. 2024, §3.2.4, eq. 13).</summary>
    public static double KhatThreshold(int drawCount) => 1 - 1 / Math.Log10(drawCount);

    /// <summary>10^(1/(1 − max(0, k))) for k &lt; 1, +∞ for k ≥ 1, NaN for NaN (Vehtari et al. 2024, eq. 11).</summary>
    public static double MinSampleSize(double k) =>
        double.IsNaN(k) ? double.NaN : k < 1 ? Math.Pow(10, 1 / (1 - Math.Max(0, k))) : double.PositiveInfinity;

    /// <summary>
    /// The relative convergence rate of the PSIS estimate's RMSE (Vehtari et al. 2024, Appendix B): 1 for
    /// k &lt; 0, 1 − 1/ln S at k = ½, max(0, (2(k − 1)S^{2k+1} + (1 − 2k)S^{2k} + S²)/((S − 1)(S − S^{2k})))
    /// for other k in (0, 1), and 0 otherwise (k = 0 and k ≥ 1, as posterior returns).
    /// </summary>
    public static double ConvergenceRate(double k, int drawCount)
    {
        if (double.IsNaN(k)) return double.NaN;
        double s = drawCount;
        if (k < 0) return 1;
        if (k == 0.5) return 1 - 1 / Math.Log(s);
        if (k > 0 && k < 1)
        {
            double s2k = Math.Pow(s, 2 * k);
            return Math.Max(0, (2 * (k - 1) * s2k * s + (1 - 2 * k) * s2k + s * s) / ((s - 1) * (s - s2k)));
        }
        return 0;
    }

    /// <summary>Replaces the largest <paramref name="tailLength"/> values of <paramref name="x"/> (max 0) in place; returns k̂.</summary>
    private static double SmoothTail(double[] x, int tailLength)
    {
        int s = x.Length;
        // Stable ascending order of the draws (ties keep draw order, as R's sort.int).
        var order = new int[s];
        for (int i = 0; i < s; i++) order[i] = i;
        Array.Sort(order, (a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : a.CompareTo(b));

        int first = s - tailLength;
        double cutoff = x[order[first - 1]];
        double minTail = x[order[first]], maxTail = x[order[s - 1]];
        if (cutoff == minTail) cutoff -= MachineEpsilon;
        if (Math.Abs(maxTail - minTail) < MachineEpsilon / 100) return double.NaN;

        double expCutoff = Math.Exp(cutoff);
        var exceedances = new double[tailLength];
        for (int z = 0; z < tailLength; z++) exceedances[z] = Math.Exp(x[order[first + z]]) - expCutoff;
        // posterior ≥ 1.6 makes no fit when the first quartile x* of the exceedances is not above their
        // minimum; otherwise the fit is loo's Zhang & Stephens (2009) estimate with the weakly informative prior.
        double xStar = exceedances[(int)Math.Floor(tailLength / 4.0 + 0.5) - 1];
        if (!(xStar > exceedances[0])) return double.NaN;
        GeneralizedPareto fit = GeneralizedPareto.Fit(exceedances);
        double k = fit.Shape, sigma = fit.Scale;
        if (!double.IsFinite(k)) return k;

        // Tail replaced in sorted order by the fitted quantiles at p_z = (z − ½)/M, capped at the
        // largest raw log weight, 0 (Vehtari et al. 2024, §3, eq. 3 and the truncation of §3.1).
        for (int z = 0; z < tailLength; z++)
        {
            double p = (z + 0.5) / tailLength;
            double smoothed = Math.Log(expCutoff + Quantile(p, k, sigma));
            x[order[first + z]] = smoothed > maxTail ? maxTail : smoothed;
        }
        return k;
    }

    /// <summary>The GPD quantile σ·expm1(−k·log1p(−p))/k, and −σ·log1p(−p) at k = 0 (posterior's <c>qgeneralized_pareto</c>).</summary>
    private static double Quantile(double p, double k, double sigma) =>
        k == 0 ? -sigma * LogSpace.LogOnePlus(-p) : sigma * LogSpace.ExpMinusOne(-k * LogSpace.LogOnePlus(-p)) / k;

    private static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) max = Math.Max(max, v);
        double sum = 0;
        foreach (double v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
