// The result of WAIC: totals with standard errors and pointwise values.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>WAIC estimates as R's loo 2.5.1 reports them (<c>waic.matrix</c>).</summary>
public sealed class WaicResult
{
    /// <summary>The p_waic,i above which loo recommends PSIS-LOO instead.</summary>
    public const double PWaicWarningThreshold = 0.4;

    internal WaicResult(int drawCount, double[] elpd, double[] p, double[] waic)
    {
        DrawCount = drawCount;
        PointwiseElpdWaic = elpd;
        PointwisePWaic = p;
        PointwiseWaic = waic;
        ElpdWaic = Estimate.FromPointwise(elpd);
        PWaic = Estimate.FromPointwise(p);
        Waic = Estimate.FromPointwise(waic);
    }

    /// <summary>The number of posterior draws S.</summary>
    public int DrawCount { get; }

    /// <summary>The number of observations N.</summary>
    public int ObservationCount => PointwiseElpdWaic.Count;

    /// <summary>elpd_waic = lpd − p_waic (Vehtari, Gelman &amp; Gabry 2017, eq. 12).</summary>
    public Estimate ElpdWaic { get; }

    /// <summary>p_waic = Σ_i var_s log p(y_i | θ_s) (VGG 2017, eq. 13).</summary>
    public Estimate PWaic { get; }

    /// <summary>waic = −2 elpd_waic.</summary>
    public Estimate Waic { get; }

    /// <summary>elpd_waic,i per observation.</summary>
    public IReadOnlyList<double> PointwiseElpdWaic { get; }

    /// <summary>p_waic,i per observation.</summary>
    public IReadOnlyList<double> PointwisePWaic { get; }

    /// <summary>waic_i per observation.</summary>
    public IReadOnlyList<double> PointwiseWaic { get; }

    /// <summary>The 0-based observations with p_waic,i &gt; 0.4.</summary>
    public IReadOnlyList<int> ObservationsWithLargePWaic
    {
        get
        {
            var result = new List<int>();
            for (int i = 0; i < PointwisePWaic.Count; i++) if (PointwisePWaic[i] > PWaicWarningThreshold) result.Add(i);
            return result;
        }
    }

    /// <summary>loo's warning when any p_waic,i &gt; 0.4, or null.</summary>
    public string? Warning
    {
        get
        {
            int count = ObservationsWithLargePWaic.Count;
            if (count == 0) return null;
            double percent = 100.0 * count / ObservationCount;
            return $"{count} ({percent:0.0}%) p_waic estimates greater than 0.4. We recommend trying loo instead.";
        }
    }
}
