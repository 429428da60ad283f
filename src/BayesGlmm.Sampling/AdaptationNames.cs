// The names a warmup adaptation is written with in settings: stan and fisher.
namespace BayesGlmm.Sampling;

/// <summary>The names of <see cref="AdaptationKind"/> used by model files, the command line and fit records.</summary>
public static class AdaptationNames
{
    /// <summary>The names, in <see cref="AdaptationKind"/> order: <c>stan</c>, <c>fisher</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["stan", "fisher"];

    /// <summary>The name of <paramref name="adaptation"/>.</summary>
    public static string Of(AdaptationKind adaptation) => adaptation == AdaptationKind.Fisher ? "fisher" : "stan";

    /// <summary>The adaptation a name stands for, <c>stan</c> or <c>fisher</c>, in any case; null for anything else.</summary>
    public static AdaptationKind? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "stan" => AdaptationKind.Stan,
            "fisher" => AdaptationKind.Fisher,
            _ => null,
        };
    }
}
