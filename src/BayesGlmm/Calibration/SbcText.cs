// The printed result of an SBC study: how many simulations, each quantity's uniformity p-value and verdict, the warnings.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Calibration;

/// <summary>Formats an <see cref="SbcStudyResult"/> for the terminal.</summary>
public static class SbcText
{
    /// <summary>The simulations, the table of variable, p-value and verdict, and the warnings.</summary>
    public static string Format(SbcStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        int flagged = result.Simulations.Count(s => s.HasProblems), failed = result.Simulations.Count(s => s.Error is not null);
        text.Append(c, $"{result.Simulations.Count} simulations ({flagged} with sampler problems, kept and flagged; {failed} failed fits)\n\n");
        int width = Math.Max(8, result.Uniformity.Select(u => u.Variable.Length).DefaultIfEmpty(8).Max());
        text.Append($"{"variable".PadRight(width)}  {"p_value",10}  verdict\n");
        foreach (var row in result.Uniformity)
        {
            string verdict = row.Result.Verdict == CalibrationVerdict.Ok ? "ok" : "miscalibrated";
            text.Append($"{row.Variable.PadRight(width)}  {row.Result.PValue.ToString("G3", c),10}  {verdict}\n");
        }
        foreach (string w in result.Warnings) text.Append("Warning: ").Append(w).Append('\n');
        return text.ToString();
    }
}
