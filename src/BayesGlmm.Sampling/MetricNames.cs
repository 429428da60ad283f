// The names a metric is written with in settings: diag, dense and low_rank (Stan's diag_e and dense_e are read too).
namespace BayesGlmm.Sampling;

/// <summary>The short names of <see cref="MetricKind"/> used by model files, the command line and fit records.</summary>
public static class MetricNames
{
    /// <summary>The names, in <see cref="MetricKind"/> order: <c>diag</c>, <c>dense</c>, <c>low_rank</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["diag", "dense", "low_rank"];

    /// <summary>The short name of <paramref name="metric"/>.</summary>
    public static string Of(MetricKind metric) => metric switch
    {
        MetricKind.Dense => "dense",
        MetricKind.LowRank => "low_rank",
        _ => "diag",
    };

    /// <summary>
    /// The metric a name stands for: <c>diag</c> (or <c>diag_e</c>, <c>diagonal</c>), <c>dense</c> (<c>dense_e</c>) or
    /// <c>low_rank</c> (<c>lowrank</c>, <c>low-rank</c>), in any case; null for anything else.
    /// </summary>
    public static MetricKind? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "diag" or "diag_e" or "diagonal" => MetricKind.Diagonal,
            "dense" or "dense_e" => MetricKind.Dense,
            "low_rank" or "lowrank" or "low-rank" => MetricKind.LowRank,
            _ => null,
        };
    }
}
