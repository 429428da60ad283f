// The standard set of plots for one fit, written under plots/ in bayesplot's vocabulary.
using System.Text;
using BayesGlmm.Analysis.Smooths;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Plotting;

/// <summary>One saved plot: its kind, a caption and the SVG file.</summary>
public sealed record PlotEntry(string Kind, string Caption, string SvgPath);

/// <summary>What to plot beyond the draws: observed and replicated responses for the predictive check.</summary>
public sealed record FitPlotOptions
{
    /// <summary>Also save PNG files beside the SVG files.</summary>
    public bool Png { get; init; }

    /// <summary>How many scalar parameters get trace, rank and density plots (population-level first).</summary>
    public int MaxParameterPlots { get; init; } = 12;

    /// <summary>The observed response, for the posterior predictive overlay (null: no overlay).</summary>
    public IReadOnlyList<double>? Observed { get; init; }

    /// <summary>A few dozen replicated responses, one array per replicated data set.</summary>
    public IReadOnlyList<double[]>? Replicates { get; init; }

    /// <summary>The response's name for axis labels.</summary>
    public string ResponseName { get; init; } = "y";

    /// <summary>Where the response lives (<see cref="Support.OfResponse"/>), for the predictive densities' bounds.</summary>
    public Support ResponseSupport { get; init; } = Support.Real;

    /// <summary>Whether the draws are prior draws (a prior-only fit): the overlay is then the prior predictive check.</summary>
    public bool PriorPredictive { get; init; }

    /// <summary>The smooth terms' conditional curves (<see cref="SmoothCurves.Conditional"/>), one plot each (none: no smooth plots).</summary>
    public IReadOnlyList<SmoothCurve> Smooths { get; init; } = [];
}

/// <summary>
/// Writes trace, rank-overlay and density plots of the main parameters, forest plots per class and per
/// grouping factor, the posterior predictive overlay, a funnel plot and each smooth's conditional effect, as SVG under a plots directory.
/// </summary>
public static class FitPlots
{
    /// <summary>Forest plots of group-level effects show at most this many levels.</summary>
    public const int MaxForestLevels = 120;

    /// <summary>
    /// Writes every plot for <paramref name="draws"/> (brms names) into <paramref name="directory"/>. The plots are
    /// independent, so they are computed and rendered concurrently on all cores; the entries come back in the order
    /// the report shows them.
    /// </summary>
    public static IReadOnlyList<PlotEntry> Write(Draws draws, string directory, FitPlotOptions? options = null)
    {
        options ??= new FitPlotOptions();
        Directory.CreateDirectory(directory);
        var jobs = Jobs(draws, directory, options);
        var entries = new PlotEntry[jobs.Count];
        Parallel.For(0, jobs.Count, i => entries[i] = jobs[i]());
        return entries;
    }

    /// <summary>The plots to write, each a function that computes, renders and saves one of them.</summary>
    private static List<Func<PlotEntry>> Jobs(Draws draws, string directory, FitPlotOptions options)
    {
        var entries = new List<Func<PlotEntry>>();
        var names = draws.Variables.Where(v => !v.EndsWith("__", StringComparison.Ordinal)).ToList();
        var main = names.Where(n => !n.StartsWith("r_", StringComparison.Ordinal) && !n.StartsWith("u_", StringComparison.Ordinal)
            && !n.StartsWith("z_", StringComparison.Ordinal) && n != "lprior" && n != "lp__").ToList();

        foreach (string name in main.Take(options.MaxParameterPlots))
        {
            string stem = FileStem(name);
            entries.Add(() => new("trace", $"Trace of {name}", PlotFile.Save(TracePlot.Create(draws, name), Path.Combine(directory, $"trace_{stem}"), options.Png)));
            entries.Add(() => new("rank", $"Rank overlay of {name}", PlotFile.Save(RankOverlayPlot.Create(draws, name), Path.Combine(directory, $"rank_{stem}"), options.Png)));
            entries.Add(() => new("density", $"Marginal posterior of {name}", PlotFile.Save(DensityOverlayPlot.Create(draws, name), Path.Combine(directory, $"density_{stem}"), options.Png)));
        }

        foreach (var (prefix, title, file) in new[]
                 {
                     ("b_", "Population-level effects", "intervals_b"),
                     ("sd_", "Group-level standard deviations", "intervals_sd"),
                     ("cor_", "Group-level correlations", "intervals_cor"),
                 })
        {
            var selected = main.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (selected.Count == 0) continue;
            entries.Add(() => Forest(draws, selected, false, title, Path.Combine(directory, file), options.Png));
        }
        var family = main.Where(n => !n.StartsWith("b_", StringComparison.Ordinal) && !n.StartsWith("sd_", StringComparison.Ordinal)
            && !n.StartsWith("cor_", StringComparison.Ordinal)).ToList();
        if (family.Count > 0) entries.Add(() => Forest(draws, family, false, "Family and other parameters", Path.Combine(directory, "intervals_other"), options.Png));
        bool funnel = false;

        foreach (var group in names.Where(n => n.StartsWith("r_", StringComparison.Ordinal))
                     .GroupBy(n => (Group: n[..n.IndexOf('[')], Coefficient: n[(n.LastIndexOf(',') + 1)..^1])))
        {
            string groupName = group.Key.Group[2..];
            var selected = group.ToList();
            string title = $"{group.Key.Group}: {group.Key.Coefficient} by level (sorted)";
            if (selected.Count > MaxForestLevels)
            {
                // Sorted by median, then every k-th level, so the plot keeps the spread of the effects and stays readable.
                var ordered = IntervalPlot.Rows(draws, selected, sortByMedian: true);
                var keep = Enumerable.Range(0, MaxForestLevels).Select(i => (int)((long)i * (ordered.Count - 1) / (MaxForestLevels - 1))).Distinct()
                    .Select(i => ordered[i].Label).ToHashSet(StringComparer.Ordinal);
                title = $"{group.Key.Group}: {group.Key.Coefficient}, {keep.Count} of {selected.Count} levels evenly spaced by median";
                selected = selected.Where(keep.Contains).ToList();
            }
            string forestPath = Path.Combine(directory, $"intervals_{FileStem(group.Key.Group)}_{FileStem(group.Key.Coefficient)}");
            entries.Add(() => Forest(draws, selected, true, title, forestPath, options.Png, name => name[(name.IndexOf('[') + 1)..name.LastIndexOf(',')]));
            string sdName = $"sd_{groupName}__{group.Key.Coefficient}";
            if (draws.IndexOf(sdName) >= 0 && !funnel)
            {
                funnel = true;
                string effect = selected[0];
                entries.Add(() => new("funnel", $"Funnel: {sdName} against {effect}",
                    PlotFile.Save(FunnelPlot.Create(draws, sdName, effect), Path.Combine(directory, $"funnel_{FileStem(groupName)}"), options.Png)));
            }
        }

        if (options.Observed is { Count: > 0 } y && options.Replicates is { Count: > 0 } reps)
        {
            bool discrete = PredictiveOverlayPlot.LooksDiscrete(y);
            string title = options.PriorPredictive ? "Prior predictive check" : "Posterior predictive check";
            entries.Add(() => new("ppc", title, PlotFile.Save(
                PredictiveOverlayPlot.Create(y, reps, options.ResponseName, discrete, options.ResponseSupport, title),
                Path.Combine(directory, "ppc_overlay"), options.Png)));
        }
        foreach (var curve in options.Smooths)
            entries.Add(() => new("smooth", SmoothPlot.Title(curve), PlotFile.Save(SmoothPlot.Create(curve), Path.Combine(directory, $"smooth_{FileStem(curve.Label)}"), options.Png)));
        return entries;
    }

    private static PlotEntry Forest(Draws draws, IReadOnlyList<string> variables, bool sort, string title, string path, bool png,
        Func<string, string>? label = null)
    {
        var rows = IntervalPlot.Rows(draws, variables, sort, label);
        var plot = IntervalPlot.Create(rows, title);
        return new("intervals", title, PlotFile.Save(plot, path, png, PlotTheme.Width, IntervalPlot.HeightFor(rows.Count)));
    }

    /// <summary>A file-name-safe version of a variable name.</summary>
    public static string FileStem(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char ch in name) sb.Append(char.IsAsciiLetterOrDigit(ch) || ch == '_' ? ch : '_');
        return sb.ToString().Trim('_');
    }
}
