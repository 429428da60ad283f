// The version of BayesGlmm as users see it (bayesglmm --version, fit.json).
using System.Reflection;

namespace BayesGlmm;

/// <summary>The version of the BayesGlmm library and program.</summary>
public static class ProgramVersion
{
    /// <summary>The informational version without any source-revision suffix, e.g. <c>0.1.0</c>.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        string? v = typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(v)) v = typeof(ProgramVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        int plus = v.IndexOf('+');
        return plus >= 0 ? v[..plus] : v;
    }
}
