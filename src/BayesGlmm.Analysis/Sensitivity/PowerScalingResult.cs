// The outcome of a power-scaling sensitivity analysis: rows per variable and smoothing diagnostics per perturbation.
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// Per-variable sensitivities (in the order assessed) and the Pareto diagnostics of the four
/// perturbations (prior and likelihood at α₋ and α₊; a component that could not be scaled is absent).
/// </summary>
public sealed record PowerScalingResult(
    IReadOnlyList<PowerScalingRow> Rows,
    IReadOnlyList<PowerScalingSmoothing> Smoothing,
    PowerScalingOptions Options,
    string PriorSelection)
{
    /// <summary>The perturbations whose k̂ is high: their sensitivities rest on unreliable weights.</summary>
    public IEnumerable<PowerScalingSmoothing> HighK => Smoothing.Where(s => s.IsHighK);

    /// <summary>The rows with a diagnosis other than none.</summary>
    public IEnumerable<PowerScalingRow> Flagged =>
        Rows.Where(r => r.Diagnosis is SensitivityDiagnosis.PriorLikelihoodConflict or SensitivityDiagnosis.StrongPriorWeakLikelihood);
}
