// Forest plot of posterior intervals: 50% and 90% intervals and the median per variable (bayesplot's mcmc_intervals).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>One row of a forest plot: a variable's median and its 50% and 90% central intervals.</summary>
public sealed record IntervalRow(string Label, double Q05, double Q25, double Q50, double Q75, double Q95);

/// <summary>
/// Posterior intervals as a forest plot: a thick bar for the 50% interval, a thin one for the 90% interval,
/// a point at the median; the height grows with the number of rows so that 85 counties stay readable.
/// </summary>
public static class IntervalPlot
{
    /// <summary>Interval rows for the named variables, in the given order or sorted by median.</summary>
    public static IReadOnlyList<IntervalRow> Rows(Draws draws, IEnumerable<string> variables, bool sortByMedian = false,
        Func<string, string>? label = null)
    {
        var rows = new List<IntervalRow>();
        foreach (string name in variables)
        {
            int v = draws.IndexOf(name);
            if (v < 0) continue;
            var sorted = draws.AllChains(v).ToArray();
            Array.Sort(sorted);
            rows.Add(new IntervalRow(label?.Invoke(name) ?? name,
                KernelDensity.Quantile(sorted, 0.05), KernelDensity.Quantile(sorted, 0.25), KernelDensity.Quantile(sorted, 0.5),
                KernelDensity.Quantile(sorted, 0.75), KernelDensity.Quantile(sorted, 0.95)));
        }
        if (sortByMedian) rows.Sort((a, b) => a.Q50.CompareTo(b.Q50));
        return rows;
    }

    /// <summary>The pixel height that keeps every row label readable.</summary>
    public static int HeightFor(int rowCount) => Math.Max(PlotTheme.Height, 90 + 16 * rowCount);

    /// <summary>The forest plot of <paramref name="rows"/> (the first row at the top).</summary>
    public static Plot Create(IReadOnlyList<IntervalRow> rows, string title, string xLabel = "value")
    {
        var plot = PlotTheme.NewPlot(title, xLabel, "");
        int n = rows.Count;
        var positions = new double[n];
        var labels = new string[n];
        for (int i = 0; i < n; i++)
        {
            var row = rows[i];
            double y = n - 1 - i;
            positions[i] = y;
            labels[i] = row.Label;
            var outer = plot.Add.Line(row.Q05, y, row.Q95, y);
            outer.LineWidth = 1.5f;
            outer.Color = PlotTheme.Mid;
            outer.MarkerSize = 0;
            var inner = plot.Add.Line(row.Q25, y, row.Q75, y);
            inner.LineWidth = 5f;
            inner.Color = PlotTheme.Dark;
            inner.MarkerSize = 0;
            var median = plot.Add.Marker(row.Q50, y);
            median.Color = PlotTheme.Dark;
            median.MarkerStyle.FillColor = Colors.White;
            median.MarkerStyle.OutlineColor = PlotTheme.Dark;
            median.MarkerStyle.OutlineWidth = 1.5f;
            median.Size = 7;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.TickLabelStyle.FontSize = n > 40 ? 9 : 11;
        plot.Axes.SetLimitsY(-1, n);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }
}
