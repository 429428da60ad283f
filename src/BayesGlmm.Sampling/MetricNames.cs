// The names a metric is written with in settings: diag and dense (Stan's diag_e and dense_e are read too).
namespace BayesGlmm.Sampling;

/// <summary>The short names of <see cref="MetricKind"/> used by model files, the command line and fit records.</summary>
public static class MetricNames
{
    /// <summary>The names, in <see cref="MetricKind"/> order: <c>diag</c>, <c>dense</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["diag", "dense"];

    /// <summary>The short name of <paramref name="metric"/>.</summary>
    public static string Of(MetricKind metric) => metric == MetricKind.Dense ? "dense" : "diag";

    /// <summary>
    /// The metric a name stands for: <c>diag</c> (or <c>diag_e</c>, <c>diagonal</c>) or <c>dense</c> (<c>dense_e</c>),
    /// in any case; null for anything else.
    /// </summary>
    public static MetricKind? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "diag" or "diag_e" or "diagonal" => MetricKind.Diagonal,
            "dense" or "dense_e" => MetricKind.Dense,
            _ => null,
        };
    }
}
