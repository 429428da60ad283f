// One variable's power-scaling sensitivity to the prior and to the likelihood, with its diagnosis.
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// The sensitivity of one variable (Kallioinen et al. 2023, §3.2): for each component, the mean over
/// α₋ and α₊ of the CJS distance divided by |log2 α|; and priorsense's diagnosis. The four distances
/// behind the two numbers are kept. NaN where a component could not be power-scaled.
/// </summary>
public sealed record PowerScalingRow(
    string Variable,
    double Prior,
    double Likelihood,
    SensitivityDiagnosis Diagnosis,
    double CjsPriorLower,
    double CjsPriorUpper,
    double CjsLikelihoodLower,
    double CjsLikelihoodUpper)
{
    /// <summary>The diagnosis as priorsense prints it.</summary>
    public string DiagnosisText => Diagnosis.Text();
}
