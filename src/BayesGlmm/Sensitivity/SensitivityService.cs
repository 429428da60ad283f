// Power-scaling prior and likelihood sensitivity of a fit (in memory or saved), as priorsense computes it.
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.Sensitivity;

/// <summary>
/// Power-scaling sensitivity (Kallioinen, Paananen, Bürkner &amp; Vehtari 2023) of a fit's parameters: the log prior
/// and log-likelihood of every draw from the (rebuilt) model, then priorsense's cumulative Jensen–Shannon distances
/// and diagnosis per parameter.
/// </summary>
public static class SensitivityService
{
    /// <summary>
    /// The sensitivity of every parameter of <paramref name="fit"/> but the group-level effects <c>r_*</c> and
    /// <c>u_*</c> (those too with <paramref name="includeEffects"/>; <see cref="PowerScaling.DefaultVariables"/>). <paramref name="priorClasses"/> selects the priors to power-scale
    /// (a class, one prior's parameter, a group's sds, or <c>all</c>, the default: the joint prior;
    /// <see cref="PriorClassSelection"/>).
    /// </summary>
    /// <exception cref="InputException">A selector matches no prior, or a saved fit's data file is gone.</exception>
    public static PowerScalingResult Analyze(FitResult fit, IReadOnlyList<string>? priorClasses = null, bool includeEffects = false)
    {
        ArgumentNullException.ThrowIfNull(fit);
        priorClasses ??= [];
        var model = fit.Model;
        var (logPrior, logLikelihood) = ModelLogDensities.Compute(fit.Draws, model, priorClasses);
        var variables = PowerScaling.DefaultVariables(model.OutputNames, includeEffects);
        return PowerScaling.Analyze(fit.Draws, logPrior, logLikelihood, new PowerScalingOptions
        {
            Variables = variables,
            PriorSelection = PriorClassSelection.IsJoint(priorClasses) ? null : priorClasses,
        });
    }
}
