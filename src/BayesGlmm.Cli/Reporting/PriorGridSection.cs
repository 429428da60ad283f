// The prior grid in the printed output and the report: a table and forest plots of each parameter under every prior set.
using System.Globalization;
using System.Text;
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;
using BayesGlmm.PriorGrids;

namespace BayesGlmm.Cli.Reporting;

/// <summary>A fit's prior grid: the sets as given, the table of <c>prior-grid.csv</c> and each set fit's sampler warnings.</summary>
internal sealed record PriorGridReport(IReadOnlyList<PriorSet> Sets, IReadOnlyList<PriorGridRow> Rows,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings)
{
    /// <summary>The set names in table order: <c>model</c>, then the grid's sets.</summary>
    public IReadOnlyList<string> SetNames => [PriorGridFile.ModelSetName, .. Sets.Select(s => s.Name)];

    /// <summary>Loads the grid a fit directory holds (<c>prior-grid.json</c> and <c>prior-grid.csv</c>), or null when it has none.</summary>
    public static PriorGridReport? TryLoad(string directory)
    {
        string json = Path.Combine(directory, "prior-grid.json"), csv = Path.Combine(directory, "prior-grid.csv");
        if (!File.Exists(json) || !File.Exists(csv)) return null;
        var sets = PriorGridFile.Load(json);
        var warnings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            string record = Path.Combine(directory, "grid", set.Name, "fit.json");
            if (File.Exists(record)) warnings[set.Name] = Output.FitJson.Read(record).Diagnostics.Warnings;
        }
        return new PriorGridReport(sets, PriorGridTable.Read(csv), warnings);
    }
}

/// <summary>
/// Shows how far each parameter moves under the alternative priors (refit sensitivity): per parameter the posterior
/// median and 90% interval under the model's priors and under every set, as text, as a report table, and as forest
/// plots per class (population-level, group-level sds, correlations, others, group-level effects when listed).
/// </summary>
internal static class PriorGridSection
{
    /// <summary>The printed table: one row per parameter, one "median [q5, q95]" column per prior set.</summary>
    public static string Format(PriorGridReport grid)
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

    /// <summary>Appends the section and writes its forest plots into <paramref name="plots"/>.</summary>
    public static void Append(HtmlReport report, PriorGridReport grid, string plots, bool png)
    {
        report.Heading("Refit under alternative priors (prior grid)");
        report.Paragraph("The model was refitted under each prior set below (each statement replaces the model's prior with the same target); " +
                         "the fits are under grid/<set>/. A parameter whose interval moves between sets depends on the prior.");
        report.Table(["prior set", "priors"],
            grid.Sets.Select(s => (IReadOnlyList<string>)[s.Name, string.Join("; ", s.Priors)]));
        report.Warnings(grid.Sets.SelectMany(s => grid.Warnings.TryGetValue(s.Name, out var w) ? w.Select(x => $"Prior set '{s.Name}': {x}") : []));
        var names = grid.SetNames;
        report.Table(["variable", .. names], Cells(grid).Select(c => (IReadOnlyList<string>)[c.Variable, .. c.Values]));
        foreach (var (prefix, title, file) in new[]
                 {
                     ("b_", "Population-level effects", "prior_grid_b"), ("sd_", "Group-level standard deviations", "prior_grid_sd"),
                     ("cor_", "Group-level correlations", "prior_grid_cor"), ("r_", "Group-level effects", "prior_grid_r"), ("", "Other parameters", "prior_grid_other"),
                 })
        {
            var rows = grid.Rows.Where(r => prefix.Length > 0
                    ? r.Variable.StartsWith(prefix, StringComparison.Ordinal)
                    : !new[] { "b_", "sd_", "cor_", "r_" }.Any(p => r.Variable.StartsWith(p, StringComparison.Ordinal)))
                .Select(r => new PriorSetInterval(r.Variable, r.PriorSet, r.Q5, r.Q50, r.Q95)).ToList();
            if (rows.Count == 0) continue;
            int variables = rows.Select(r => r.Variable).Distinct().Count();
            string path = PlotFile.Save(PriorGridPlot.Create(rows, names, $"{title} under each prior set"), Path.Combine(plots, file), png,
                PlotTheme.Width, PriorGridPlot.HeightFor(variables, names.Count));
            report.SvgFile(path, $"{title}: posterior median and 90% interval under the model's priors and each prior set");
        }
    }

    private static List<(string Variable, string[] Values)> Cells(PriorGridReport grid)
    {
        var names = grid.SetNames;
        return grid.Rows.GroupBy(r => r.Variable, StringComparer.Ordinal)
            .Select(g => (g.Key, names.Select(n => g.FirstOrDefault(r => r.PriorSet == n) is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{G(r.Q50)} [{G(r.Q5)}, {G(r.Q95)}]") : "").ToArray()))
            .ToList();
    }

    private static string G(double x) => double.IsFinite(x) ? x.ToString("G3", CultureInfo.InvariantCulture) : "NA";
}
