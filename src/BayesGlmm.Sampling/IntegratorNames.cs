// The names a trajectory integrator is written with in settings: leapfrog and walnuts.
namespace BayesGlmm.Sampling;

/// <summary>The names of <see cref="IntegratorKind"/> used by model files, the command line and fit records.</summary>
public static class IntegratorNames
{
    /// <summary>The names, in <see cref="IntegratorKind"/> order: <c>leapfrog</c>, <c>walnuts</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["leapfrog", "walnuts"];

    /// <summary>The name of <paramref name="integrator"/>.</summary>
    public static string Of(IntegratorKind integrator) => integrator == IntegratorKind.Walnuts ? "walnuts" : "leapfrog";

    /// <summary>The integrator a name stands for, <c>leapfrog</c> or <c>walnuts</c>, in any case; null for anything else.</summary>
    public static IntegratorKind? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "leapfrog" => IntegratorKind.Leapfrog,
            "walnuts" => IntegratorKind.Walnuts,
            _ => null,
        };
    }
}
