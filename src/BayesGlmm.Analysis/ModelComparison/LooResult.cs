// The result of PSIS-LOO: totals with standard errors, pointwise values and Pareto k diagnostics.
using BayesGlmm.Diagnostics.ImportanceSampling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// PSIS-LOO estimates as R's loo 2.5.1 reports them: the totals elpd_loo, p_loo and looic with standard
/// errors, and per observation elpd_loo, p_loo, looic, the MCSE of elpd_loo, k̂, the PSIS n_eff and r_eff.
/// </summary>
public sealed class LooResult
{
    internal LooResult(int drawCount, double[] elpd, double[] p, double[] looic, double[] mcse,
        double[] paretoK, double[] effectiveSampleSize, double[] relativeEfficiency)
    {
        DrawCount = drawCount;
        PointwiseElpdLoo = elpd;
        PointwisePLoo = p;
        PointwiseLooIc = looic;
        PointwiseMcseElpdLoo = mcse;
        ParetoK = paretoK;
        EffectiveSampleSize = effectiveSampleSize;
        RelativeEfficiency = relativeEfficiency;
        ElpdLoo = Estimate.FromPointwise(elpd);
        PLoo = Estimate.FromPointwise(p);
        LooIc = Estimate.FromPointwise(looic);
        ParetoKTable = ParetoKSummary.Tabulate(paretoK, effectiveSampleSize);
    }

    /// <summary>The number of posterior draws S.</summary>
    public int DrawCount { get; }

    /// <summary>The number of observations N.</summary>
    public int ObservationCount => PointwiseElpdLoo.Count;

    /// <summary>elpd_loo = Σ_i log Σ_s w̃_is p(y_i | θ_s) (Vehtari, Gelman &amp; Gabry 2017, eq. 10).</summary>
    public Estimate ElpdLoo { get; }

    /// <summary>p_loo = lpd − elpd_loo, the effective number of parameters (VGG 2017, eq. 15).</summary>
    public Estimate PLoo { get; }

    /// <summary>looic = −2 elpd_loo.</summary>
    public Estimate LooIc { get; }

    /// <summary>elpd_loo,i per observation.</summary>
    public IReadOnlyList<double> PointwiseElpdLoo { get; }

    /// <summary>p_loo,i = lpd_i − elpd_loo,i per observation.</summary>
    public IReadOnlyList<double> PointwisePLoo { get; }

    /// <summary>looic_i = −2 elpd_loo,i per observation.</summary>
    public IReadOnlyList<double> PointwiseLooIc { get; }

    /// <summary>The Monte Carlo standard error of each elpd_loo,i.</summary>
    public IReadOnlyList<double> PointwiseMcseElpdLoo { get; }

    /// <summary>k̂ per observation (the influence_pareto_k column).</summary>
    public IReadOnlyList<double> ParetoK { get; }

    /// <summary>The PSIS effective sample size per observation, r_eff / Σ w̃².</summary>
    public IReadOnlyList<double> EffectiveSampleSize { get; }

    /// <summary>The relative efficiency r_eff used per observation.</summary>
    public IReadOnlyList<double> RelativeEfficiency { get; }

    /// <summary>Counts, proportions and smallest n_eff per k̂ band.</summary>
    public IReadOnlyList<ParetoKSummary> ParetoKTable { get; }

    /// <summary>
    /// The Monte Carlo standard error of elpd_loo, sqrt(Σ mcse_i²); NaN when any k̂ &gt; 0.7
    /// (loo 2.5.1 <c>mcse_loo</c>).
    /// </summary>
    public double McseElpdLoo
    {
        get
        {
            if (ParetoK.Any(k => k > ParetoKBands.OkThreshold)) return double.NaN;
            double sum = 0;
            foreach (double m in PointwiseMcseElpdLoo) sum += m * m;
            return Math.Sqrt(sum);
        }
    }

    /// <summary>The 0-based observations whose k̂ exceeds <paramref name="threshold"/> (NaN counts as exceeding).</summary>
    public IReadOnlyList<int> ObservationsAbove(double threshold)
    {
        var result = new List<int>();
        for (int i = 0; i < ParetoK.Count; i++) if (!(ParetoK[i] <= threshold)) result.Add(i);
        return result;
    }

    /// <summary>The 0-based observations with k̂ &gt; 0.5.</summary>
    public IReadOnlyList<int> ObservationsAboveGood => ObservationsAbove(ParetoKBands.GoodThreshold);

    /// <summary>The 0-based observations with k̂ &gt; 0.7.</summary>
    public IReadOnlyList<int> ObservationsAboveOk => ObservationsAbove(ParetoKBands.OkThreshold);

    /// <summary>
    /// loo's Pareto k warning, or null: "too high" when any k̂ &gt; 0.7, "slightly high" when any
    /// k̂ &gt; 0.5 (loo 2.5.1 <c>throw_pareto_warnings</c>).
    /// </summary>
    public string? Warning
    {
        get
        {
            int bad = ObservationsAboveOk.Count, high = ObservationsAboveGood.Count;
            if (bad > 0)
                return $"{bad} of {ObservationCount} Pareto k diagnostic values are too high (k > 0.7): the PSIS-LOO estimate is unreliable for them; consider moment matching, K-fold cross-validation or refitting without those observations.";
            if (high > 0)
                return $"{high} of {ObservationCount} Pareto k diagnostic values are slightly high (0.5 < k <= 0.7).";
            return null;
        }
    }
}
