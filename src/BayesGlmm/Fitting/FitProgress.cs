// A progress report from one chain of a fit, with its divergent transitions counted per phase.
namespace BayesGlmm.Fitting;

/// <summary>
/// Progress of one chain (0-based <paramref name="Chain"/>): <paramref name="Iteration"/> iterations done, warmup
/// included, of <paramref name="TotalIterations"/>. Divergent transitions are counted apart:
/// <paramref name="WarmupDivergences"/> during warmup (expected while the step size adapts, and not in the draws),
/// <paramref name="SamplingDivergences"/> after it — the number the summary reports.
/// </summary>
public sealed record FitProgress(int Chain, int Iteration, int WarmupIterations, int TotalIterations, int WarmupDivergences, int SamplingDivergences)
{
    /// <summary>Whether the chain has made every iteration.</summary>
    public bool IsDone => Iteration >= TotalIterations;

    /// <summary>Whether the chain is past warmup.</summary>
    public bool IsSampling => Iteration > WarmupIterations;

    /// <summary><c>warmup</c>, <c>sampling</c> or <c>done</c>.</summary>
    public string Phase => IsDone ? "done" : IsSampling ? "sampling" : "warmup";
}
