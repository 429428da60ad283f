// The printed summary of CmdStan CSV draws files: the chains read, the summary table, each chain's sampler diagnostics and notes.
using System.Globalization;
using System.Text;
using BayesGlmm.Fitting;

namespace BayesGlmm.Reporting;

/// <summary>
/// The text of a <see cref="DrawsFileSummary"/>: how many draws each file holds and which block is summarised, the
/// table of summary.csv's columns, each chain's divergences, tree-depth hits and E-BFMI, the warnings and the notes.
/// </summary>
public static class DrawsFileSummaryText
{
    /// <summary>The summary text of <paramref name="summary"/>.</summary>
    public static string Format(DrawsFileSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var c = CultureInfo.InvariantCulture;
        var diagnostics = summary.Diagnostics;
        var lengths = summary.Lengths;
        int made = lengths.Sum();
        var sb = new StringBuilder();
        sb.Append(lengths.Distinct().Count() == 1
            ? $"{summary.Files.Count} chains, {lengths[0]} draws each ({made} in all)"
            : $"{summary.Files.Count} chains, {string.Join(", ", lengths)} draws ({made} in all); summarised: {summary.SummaryFiles.Count} chains × {summary.SummaryDrawsPerFile} draws");
        sb.Append("\n\n");
        sb.Append(TextTable.Format(
            ["variable", "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "rhat"],
            summary.Rows.Select(r => (IReadOnlyList<string>)
            [
                r.Variable, TextTable.Number(r.Mean), TextTable.Number(r.Sd), TextTable.Number(r.Q5), TextTable.Number(r.Q50), TextTable.Number(r.Q95),
                TextTable.Number(r.McseMean), TextTable.Number(r.McseSd), TextTable.Whole(r.EssBulk), TextTable.Whole(r.EssTail), TextTable.Rhat(r.Rhat),
            ])));
        sb.Append('\n');
        sb.Append(TextTable.Format(
            ["chain", "draws", "divergent", "max_treedepth_hits", "ebfmi"],
            diagnostics.Chains.Select(d => (IReadOnlyList<string>)
            [
                d.Chain.ToString(c), d.Draws.ToString(c), d.Divergences.ToString(c), d.MaxTreedepthHits.ToString(c), TextTable.Number(d.Ebfmi),
            ])));
        sb.Append(c, $"Divergent transitions: {diagnostics.Divergences}; at maximum tree depth ({summary.MaxTreeDepth}): {diagnostics.MaxTreedepthHits}.\n");
        foreach (string w in diagnostics.Warnings) sb.Append("Warning: ").Append(w).Append('\n');
        foreach (string note in summary.Notes) sb.Append("Note: ").Append(note).Append('\n');
        return sb.ToString();
    }
}
