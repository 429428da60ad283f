// The Pareto k̂ diagnostic bands of loo 2.5.1: good, ok, bad, very bad.
namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>How reliable an importance-sampling estimate is by its k̂ (Vehtari et al. 2024, §3.2.4).</summary>
public enum ParetoKBand
{
    /// <summary>k̂ ≤ 0.5: the variance is finite and the estimate converges quickly.</summary>
    Good,

    /// <summary>0.5 &lt; k̂ ≤ 0.7: usable, with slower convergence.</summary>
    Ok,

    /// <summary>0.7 &lt; k̂ ≤ 1: unreliable.</summary>
    Bad,

    /// <summary>k̂ &gt; 1 (or not finite): the mean of the ratios may not exist.</summary>
    VeryBad,
}

/// <summary>The fixed k̂ thresholds 0.5, 0.7 and 1 of loo 2.5.1 (<c>k_cut</c>, intervals closed on the right).</summary>
public static class ParetoKBands
{
    /// <summary>The upper end of the good band.</summary>
    public const double GoodThreshold = 0.5;

    /// <summary>The upper end of the ok band; above it loo warns that k is too high.</summary>
    public const double OkThreshold = 0.7;

    /// <summary>The upper end of the bad band.</summary>
    public const double BadThreshold = 1.0;

    /// <summary>The band of one k̂ (NaN counts as very bad).</summary>
    public static ParetoKBand Of(double k) =>
        k <= GoodThreshold ? ParetoKBand.Good
        : k <= OkThreshold ? ParetoKBand.Ok
        : k <= BadThreshold ? ParetoKBand.Bad
        : ParetoKBand.VeryBad;
}
