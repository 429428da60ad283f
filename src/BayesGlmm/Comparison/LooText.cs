// Text and CSV renderings of a PSIS-LOO result: the printed summary as loo prints it, the totals file and the pointwise file.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics.ImportanceSampling;

namespace BayesGlmm.Comparison;

/// <summary>Formats a <see cref="LooResult"/> as loo prints it and as CSV files.</summary>
public static class LooText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The printed summary: totals with SEs, the MCSE of elpd_loo and the Pareto k table.</summary>
    public static string Summary(LooResult loo, bool relativeEfficiencyFromChains)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"Computed from {loo.DrawCount} by {loo.ObservationCount} log-likelihood matrix");
        text.AppendLine(relativeEfficiencyFromChains ? " (r_eff from the chains)" : " (r_eff = 1)");
        text.AppendLine();
        AppendEstimates(text, [("elpd_loo", loo.ElpdLoo), ("p_loo", loo.PLoo), ("looic", loo.LooIc)]);
        text.AppendLine("------");
        double mcse = loo.McseElpdLoo;
        text.AppendLine(double.IsNaN(mcse)
            ? "Monte Carlo SE of elpd_loo is NA (some Pareto k > 0.7)."
            : string.Create(Invariant, $"Monte Carlo SE of elpd_loo is {mcse:F1}."));
        text.AppendLine();

        if (loo.ParetoKTable[0].Count == loo.ObservationCount)
        {
            text.AppendLine("All Pareto k estimates are good (k <= 0.5).");
        }
        else
        {
            text.AppendLine("Pareto k diagnostic values:");
            text.AppendLine($"{"",-25}Count  Pct.    Min. n_eff");
            foreach (var row in loo.ParetoKTable)
            {
                string minNeff = double.IsNaN(row.MinEffectiveSampleSize) ? "<NA>" : row.MinEffectiveSampleSize.ToString("F0", Invariant);
                text.AppendLine(string.Create(Invariant,
                    $"{row.Label,-25}{row.Count,5} {100 * row.Proportion,5:F1}%   {minNeff}"));
            }
            var flagged = loo.ObservationsAboveGood;
            if (flagged.Count > 0)
                text.AppendLine("Observations with k > 0.5: " + string.Join(", ", flagged.Select(i => (i + 1).ToString(Invariant))));
        }
        if (loo.Warning is { } warning) text.AppendLine("Warning: " + warning);
        return text.ToString();
    }

    /// <summary>The printed WAIC: elpd_waic, p_waic and waic with SEs, and loo's warning on large p_waic,i.</summary>
    public static string WaicSummary(WaicResult waic)
    {
        var text = new StringBuilder();
        AppendEstimates(text, [("elpd_waic", waic.ElpdWaic), ("p_waic", waic.PWaic), ("waic", waic.Waic)]);
        int large = waic.PointwisePWaic.Count(p => p > WaicResult.PWaicWarningThreshold);
        if (large > 0)
            text.AppendLine(string.Create(Invariant,
                $"Warning: {large} ({100.0 * large / waic.ObservationCount:F1}%) p_waic estimates greater than {WaicResult.PWaicWarningThreshold}. We recommend trying loo instead."));
        return text.ToString();
    }

    /// <summary>The comparison as loo_compare prints it: elpd_diff and se_diff per fit, best first.</summary>
    public static string ComparisonSummary(IReadOnlyList<ComparisonRow> rows)
    {
        var text = new StringBuilder();
        int nw = rows.Max(r => r.Name.Length);
        var diffs = rows.Select(r => r.ElpdDiff.ToString("F1", Invariant)).ToArray();
        var ses = rows.Select(r => r.SeDiff.ToString("F1", Invariant)).ToArray();
        int dw = Math.Max("elpd_diff".Length, diffs.Max(s => s.Length));
        int sw = Math.Max("se_diff".Length, ses.Max(s => s.Length));
        text.AppendLine($"{"".PadRight(nw)} {"elpd_diff".PadLeft(dw)} {"se_diff".PadLeft(sw)}");
        for (int i = 0; i < rows.Count; i++)
            text.AppendLine($"{rows[i].Name.PadRight(nw)} {diffs[i].PadLeft(dw)} {ses[i].PadLeft(sw)}");
        return text.ToString();
    }

    /// <summary>The totals file: <c>quantity,estimate,se</c> rows for elpd_loo, p_loo and looic.</summary>
    public static string TotalsCsv(LooResult loo)
    {
        var text = new StringBuilder("quantity,estimate,se\n");
        foreach (var (name, e) in new[] { ("elpd_loo", loo.ElpdLoo), ("p_loo", loo.PLoo), ("looic", loo.LooIc) })
            text.Append(name).Append(',').Append(Number(e.Value)).Append(',').Append(Number(e.StandardError)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The pointwise file: one row per observation with its header name and elpd_loo, p_loo, looic,
    /// mcse_elpd_loo and influence_pareto_k.
    /// </summary>
    public static string PointwiseCsv(LooResult loo, IReadOnlyList<string> observationNames)
    {
        var text = new StringBuilder("observation,elpd_loo,p_loo,looic,mcse_elpd_loo,influence_pareto_k\n");
        for (int i = 0; i < loo.ObservationCount; i++)
        {
            text.Append(Quote(observationNames[i])).Append(',')
                .Append(Number(loo.PointwiseElpdLoo[i])).Append(',')
                .Append(Number(loo.PointwisePLoo[i])).Append(',')
                .Append(Number(loo.PointwiseLooIc[i])).Append(',')
                .Append(Number(loo.PointwiseMcseElpdLoo[i])).Append(',')
                .Append(Number(loo.ParetoK[i])).Append('\n');
        }
        return text.ToString();
    }

    private static string Number(double v) =>
        double.IsNaN(v) ? "NA" : double.IsPositiveInfinity(v) ? "Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", Invariant);

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>loo's table of estimates: one row per quantity with its estimate and SE, right-aligned, one decimal.</summary>
    private static void AppendEstimates(StringBuilder text, (string Name, Estimate Value)[] rows)
    {
        var estimates = rows.Select(r => r.Value.Value.ToString("F1", Invariant)).ToArray();
        var ses = rows.Select(r => r.Value.StandardError.ToString("F1", Invariant)).ToArray();
        int nw = rows.Max(r => r.Name.Length);
        int ew = Math.Max("Estimate".Length, estimates.Max(s => s.Length));
        int sw = Math.Max("SE".Length, ses.Max(s => s.Length));
        text.AppendLine($"{"".PadRight(nw)} {"Estimate".PadLeft(ew)} {"SE".PadLeft(sw)}");
        for (int i = 0; i < rows.Length; i++)
            text.AppendLine($"{rows[i].Name.PadRight(nw)} {estimates[i].PadLeft(ew)} {ses[i].PadLeft(sw)}");
    }
}
