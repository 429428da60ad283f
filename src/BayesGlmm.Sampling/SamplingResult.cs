// What a run produced: one result per chain.
namespace BayesGlmm.Sampling;

/// <summary>The output of <see cref="NutsSampler.Run"/>.</summary>
public sealed class SamplingResult
{
    /// <summary>Creates a result.</summary>
    public SamplingResult(IReadOnlyList<ChainResult> chains, bool cancelled, int dimension)
    {
        Chains = chains;
        Cancelled = cancelled;
        Dimension = dimension;
    }

    /// <summary>The chains, in chain order.</summary>
    public IReadOnlyList<ChainResult> Chains { get; }

    /// <summary>True when the run was cancelled; the chains then hold the draws made so far.</summary>
    public bool Cancelled { get; }

    /// <summary>The number of unconstrained parameters d.</summary>
    public int Dimension { get; }
}
