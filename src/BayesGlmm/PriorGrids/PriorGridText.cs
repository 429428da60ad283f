// The prior grid as printed: each parameter's posterior median and 90% interval under the model's priors and every set.
using System.Globalization;
using System.Text;

namespace BayesGlmm.PriorGrids;

/// <summary>Formats a <see cref="PriorGridResult"/> as a text table, one column per prior set.</summary>
public static class PriorGridText
{
    /// <summary>The printed table: one row per parameter, one "median [q5, q95]" column per prior set.</summary>
    public static string Format(PriorGridResult grid)
    {
        var names = grid.SetNames;
        var cells = Cells(grid);
        int vw = Math.Max("variable".Length, cells.Select(c => c.Variable.Length).DefaultIfEmpty(0).Max());
        var widths = names.Select((n, j) => Math.Max(n.Length, cells.Select(c => c.Values[j].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder("Prior grid: posterior median [90% interval] under the model's priors and each prior set\n");
        text.Append("variable".PadRight(vw));
        for (int j = 0; j < names.Count; j++) text.Append("  ").Append(names[j].PadLeft(widths[j]));
        text.Append('\n');
        foreach (var (variable, values) in cells)
        {
            text.Append(variable.PadRight(vw));
            for (int j = 0; j < values.Length; j++) text.Append("  ").Append(values[j].PadLeft(widths[j]));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Per parameter, the cell "median [q5, q95]" of each set, in <see cref="PriorGridResult.SetNames"/> order.</summary>
    public static List<(string Variable, string[] Values)> Cells(PriorGridResult grid)
    {
        var names = grid.SetNames;
        return grid.Rows.GroupBy(r => r.Variable, StringComparer.Ordinal)
            .Select(g => (g.Key, names.Select(n => g.FirstOrDefault(r => r.PriorSet == n) is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{G(r.Q50)} [{G(r.Q5)}, {G(r.Q95)}]") : "").ToArray()))
            .ToList();
    }

    private static string G(double x) => double.IsFinite(x) ? x.ToString("G3", CultureInfo.InvariantCulture) : "NA";
}
