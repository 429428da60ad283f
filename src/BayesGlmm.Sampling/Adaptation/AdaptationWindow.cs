// One slow (metric) adaptation window of warmup: an inclusive range of iterations.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>Warmup iterations <paramref name="Start"/>..<paramref name="End"/> (0-based, inclusive) feed one metric estimate, used from iteration End + 1.</summary>
internal readonly record struct AdaptationWindow(int Start, int End)
{
    /// <summary>The number of draws in the window.</summary>
    public int Length => End - Start + 1;
}
