// The prior grid's table: every parameter's posterior median and 90% interval under every prior set, as CSV.
using System.Text;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Output;

namespace BayesGlmm.PriorGrids;

/// <summary>
/// Builds, writes and reads <c>prior-grid.csv</c>: <c>variable,prior_set,mean,q5,q50,q95</c>, the parameters in
/// the model's output order and, for each, the prior sets in grid order after <c>model</c> (the model's own priors).
/// q5 and q95 bound the central 90% interval; numbers round-trip exactly.
/// </summary>
public static class PriorGridTable
{
    /// <summary>The header row.</summary>
    public const string Header = "variable,prior_set,mean,q5,q50,q95";

    /// <summary>
    /// The rows for <paramref name="fits"/> (set name and summary, the model's own fit first), leaving out the group-level
    /// effects <c>r_*</c> unless <paramref name="includeEffects"/>, and <c>lp__</c>. A parameter missing from a set's
    /// fit (impossible for the same formula) is left out for that set.
    /// </summary>
    public static IReadOnlyList<PriorGridRow> Rows(IReadOnlyList<(string Set, IReadOnlyList<SummaryRow> Summary)> fits, bool includeEffects)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count == 0) return [];
        var bySet = fits.Select(f => (f.Set, Rows: f.Summary.ToDictionary(r => r.Variable, StringComparer.Ordinal))).ToArray();
        var rows = new List<PriorGridRow>();
        foreach (var variable in fits[0].Summary.Select(r => r.Variable))
        {
            if (variable == "lp__" || variable.EndsWith("__", StringComparison.Ordinal)) continue;
            if (!includeEffects && variable.StartsWith("r_", StringComparison.Ordinal)) continue;
            foreach (var (set, summary) in bySet)
                if (summary.TryGetValue(variable, out var r)) rows.Add(new PriorGridRow(variable, set, r.Mean, r.Q5, r.Q50, r.Q95));
        }
        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<PriorGridRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            text.Append(DrawsCsvWriter.Quote(r.Variable)).Append(',').Append(DrawsCsvWriter.Quote(r.PriorSet));
            foreach (double v in new[] { r.Mean, r.Q5, r.Q50, r.Q95 }) text.Append(',').Append(CsvNumber.FormatOrNA(v));
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>Reads a table written by <see cref="Write"/>; a malformed row is an <see cref="InputException"/> naming it.</summary>
    public static IReadOnlyList<PriorGridRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InputException($"{path}: not a prior-grid table (the first line should be '{Header}'); refit with the prior grid to write it again.");
        var rows = new List<PriorGridRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = CsvFields.Split(lines[i], out bool unclosed);
            var numbers = new double[4];
            if (unclosed || cells.Count != 6 || !Enumerable.Range(0, 4).All(k => Number(cells[k + 2], out numbers[k])))
                throw new InputException($"{path}, line {i + 1}: expected a variable, a prior set and four numbers; refit with the prior grid to write it again.");
            rows.Add(new PriorGridRow(cells[0], cells[1], numbers[0], numbers[1], numbers[2], numbers[3]));
        }
        return rows;
    }

    private static bool Number(string cell, out double value)
    {
        if (cell == "NA") { value = double.NaN; return true; }
        return CsvNumber.TryParse(cell, out value);
    }
}
