// Forest plot of a prior grid: each parameter's median and 90% interval under every prior set, side by side.
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>One parameter's posterior median and 90% interval under one prior set.</summary>
public sealed record PriorSetInterval(string Variable, string PriorSet, double Q5, double Q50, double Q95);

/// <summary>
/// How far each parameter moves when the model is refitted under alternative priors: for every parameter a block
/// of horizontal 90% intervals with their medians, one per prior set in a fixed colour, the model's own priors
/// first (in black). Intervals that agree across the block mean the conclusion does not rest on the prior.
/// </summary>
public static class PriorGridPlot
{
    /// <summary>The pixel height that keeps every block readable.</summary>
    public static int HeightFor(int variableCount, int setCount) => Math.Max(PlotTheme.Height, 110 + variableCount * (10 + 12 * setCount));

    /// <summary>The plot of <paramref name="rows"/>, blocks in order of first appearance, sets in <paramref name="sets"/> order.</summary>
    public static Plot Create(IReadOnlyList<PriorSetInterval> rows, IReadOnlyList<string> sets, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sets);
        var plot = PlotTheme.NewPlot(title, "value (median and 90% interval)", "");
        var variables = rows.Select(r => r.Variable).Distinct(StringComparer.Ordinal).ToList();
        int n = variables.Count, k = Math.Max(1, sets.Count);
        var positions = new double[n];
        var labeled = new HashSet<string>(StringComparer.Ordinal);
        for (int v = 0; v < n; v++)
        {
            double center = n - 1 - v;
            positions[v] = center;
            foreach (var row in rows.Where(r => r.Variable == variables[v]))
            {
                int j = Math.Max(0, IndexOf(sets, row.PriorSet));
                double y = k == 1 ? center : center + 0.32 - 0.64 * j / (k - 1);
                var color = j == 0 ? Colors.Black : new ScottPlot.Palettes.Category10().GetColor(j - 1);
                var interval = plot.Add.Line(row.Q5, y, row.Q95, y);
                interval.Color = color;
                interval.LineWidth = 2;
                interval.MarkerSize = 0;
                var median = plot.Add.Marker(row.Q50, y);
                median.Color = color;
                median.Size = 7;
                if (labeled.Add(row.PriorSet)) median.LegendText = row.PriorSet;
            }
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, variables.ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = n > 40 ? 9 : 11;
        plot.Axes.SetLimitsY(-0.6, n - 0.4);
        plot.Grid.YAxisStyle.IsVisible = false;
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    private static int IndexOf(IReadOnlyList<string> sets, string set)
    {
        for (int i = 0; i < sets.Count; i++) if (sets[i] == set) return i;
        return -1;
    }
}
