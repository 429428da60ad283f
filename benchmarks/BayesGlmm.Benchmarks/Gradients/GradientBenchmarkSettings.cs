// Environment settings that narrow the gradient benchmarks' parameter matrix.
namespace BayesGlmm.Benchmarks.Gradients;

internal static class GradientBenchmarkSettings
{
    /// <summary>The group-term counts to run: BAYESGLMM_GLMM_TERMS ("1", "3" or "1,3"; default both).</summary>
    public static IEnumerable<int> TermCounts()
    {
        string? text = Environment.GetEnvironmentVariable("BAYESGLMM_GLMM_TERMS");
        return string.IsNullOrWhiteSpace(text)
            ? [1, 3]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
    }
}
