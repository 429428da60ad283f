// The two parts of the posterior that power-scaling perturbs: the prior and the likelihood.
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>Which factor of p(θ)·p(y | θ) is raised to the power α (Kallioinen et al. 2023, §2).</summary>
public enum PowerScalingComponent
{
    /// <summary>p(θ)^α·p(y | θ): prior sensitivity.</summary>
    Prior,

    /// <summary>p(θ)·p(y | θ)^α: likelihood sensitivity.</summary>
    Likelihood,
}
