// Settings of PSIS-LOO and WAIC.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>How PSIS-LOO is computed.</summary>
public sealed record LooOptions
{
    /// <summary>
    /// Estimate each observation's relative efficiency r_eff from the chains (loo's
    /// <c>relative_eff</c> of exp(log-lik)); when false, r_eff = 1 as for independent draws
    /// (loo's default when r_eff is not given).
    /// </summary>
    public bool EstimateRelativeEfficiency { get; init; } = true;

    /// <summary>The most observations processed at once; null uses every core. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The defaults.</summary>
    public static LooOptions Default { get; } = new();
}
