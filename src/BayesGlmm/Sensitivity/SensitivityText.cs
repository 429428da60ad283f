// The power-scaling sensitivity table as priorsense prints it, with its notes and Pareto-k warnings.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Sensitivity;

namespace BayesGlmm.Sensitivity;

/// <summary>Formats a <see cref="PowerScalingResult"/>: variable, prior and likelihood sensitivity, diagnosis.</summary>
public static class SensitivityText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The table priorsense prints (variable, prior, likelihood, diagnosis) and the Pareto-k warnings.</summary>
    public static string Format(PowerScalingResult result, int drawCount)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine(string.Create(Invariant,
            $"Sensitivity based on cjs_dist ({drawCount} draws), prior selection: {result.PriorSelection}, likelihood selection: all data"));
        text.AppendLine();
        int vw = Math.Max("variable".Length, result.Rows.Select(r => r.Variable.Length).DefaultIfEmpty(0).Max());
        text.AppendLine($"{"variable".PadRight(vw)}  {"prior",6}  {"likelihood",10}  diagnosis");
        foreach (var row in result.Rows)
            text.AppendLine($"{row.Variable.PadRight(vw)}  {Number(row.Prior),6}  {Number(row.Likelihood),10}  {row.DiagnosisText}");
        if (!result.Smoothing.Any(s => s.Component == PowerScalingComponent.Prior))
            text.AppendLine("Note: the selected log prior is constant over the draws (a flat prior such as lkj(1)), so it cannot be power-scaled.");
        foreach (var s in result.HighK)
            text.AppendLine(string.Create(Invariant,
                $"Warning: Pareto k = {s.ParetoK:F2} > {s.KhatThreshold:F2} when power-scaling the {s.Component.ToString().ToLowerInvariant()} with alpha = {s.Alpha}: its sensitivities are unreliable."));
        return text.ToString();
    }

    private static string Number(double v) => double.IsNaN(v) ? "NA" : v.ToString("F3", Invariant);
}
