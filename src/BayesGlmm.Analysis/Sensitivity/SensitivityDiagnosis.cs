// The verdict of power-scaling sensitivity for one variable, with priorsense's wording.
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// The diagnosis of Kallioinen et al. (2023, §3.3) as priorsense states it: sensitivity to both prior and
/// likelihood suggests prior-data conflict; sensitivity to the prior alone suggests a strong prior or a
/// weak likelihood.
/// </summary>
public enum SensitivityDiagnosis
{
    /// <summary>Neither sensitivity points to a problem ("-").</summary>
    None,

    /// <summary>Prior and likelihood sensitivity both at or above the threshold.</summary>
    PriorLikelihoodConflict,

    /// <summary>Prior sensitivity above the threshold, likelihood sensitivity below it.</summary>
    StrongPriorWeakLikelihood,

    /// <summary>A sensitivity could not be computed (a constant log component, or a variable without spread).</summary>
    Undetermined,
}

/// <summary>The diagnosis rule and its text.</summary>
public static class SensitivityDiagnoses
{
    /// <summary>
    /// priorsense's rule: prior ≥ t and likelihood ≥ t gives a conflict; otherwise prior &gt; t and
    /// likelihood &lt; t gives a strong prior / weak likelihood; otherwise none.
    /// </summary>
    public static SensitivityDiagnosis Diagnose(double prior, double likelihood, double threshold)
    {
        if (double.IsNaN(prior) || double.IsNaN(likelihood)) return SensitivityDiagnosis.Undetermined;
        if (prior >= threshold && likelihood >= threshold) return SensitivityDiagnosis.PriorLikelihoodConflict;
        if (prior > threshold && likelihood < threshold) return SensitivityDiagnosis.StrongPriorWeakLikelihood;
        return SensitivityDiagnosis.None;
    }

    /// <summary>The text priorsense prints: "potential prior-likelihood conflict", "potential strong prior / weak likelihood", "-", or "NA".</summary>
    public static string Text(this SensitivityDiagnosis diagnosis) => diagnosis switch
    {
        SensitivityDiagnosis.PriorLikelihoodConflict => "potential prior-likelihood conflict",
        SensitivityDiagnosis.StrongPriorWeakLikelihood => "potential strong prior / weak likelihood",
        SensitivityDiagnosis.None => "-",
        _ => "NA",
    };
}
