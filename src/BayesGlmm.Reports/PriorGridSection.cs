// The report's prior-grid section: the sets, the table and forest plots of each parameter under every prior set.
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;
using BayesGlmm.PriorGrids;

namespace BayesGlmm.Reports;

/// <summary>
/// Shows how far each parameter moves under the alternative priors (refit sensitivity): per parameter the posterior
/// median and 90% interval under the model's priors and under every set, as a report table and as forest plots per
/// class (population-level, group-level sds, correlations, others, group-level effects when listed).
/// </summary>
public static class PriorGridSection
{
    /// <summary>Appends the section and writes its forest plots into <paramref name="plots"/>.</summary>
    public static void Append(HtmlReport report, PriorGridResult grid, string plots, bool png)
    {
        report.Heading("Refit under alternative priors (prior grid)");
        report.Paragraph("The model was refitted under each prior set below (each statement replaces the model's prior with the same target); " +
                         "the fits are under grid/<set>/. A parameter whose interval moves between sets depends on the prior.");
        report.Table(["prior set", "priors"],
            grid.Sets.Select(s => (IReadOnlyList<string>)[s.Name, string.Join("; ", s.Priors)]));
        report.Warnings(grid.Sets.SelectMany(s => grid.Warnings.TryGetValue(s.Name, out var w) ? w.Select(x => $"Prior set '{s.Name}': {x}") : []));
        var names = grid.SetNames;
        report.Table(["variable", .. names], PriorGridText.Cells(grid).Select(c => (IReadOnlyList<string>)[c.Variable, .. c.Values]));
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
}
