// Posterior predictive check: observed data against replicated data sets (bayesplot's ppc_dens_overlay and ppc_bars).
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The observed response against a few dozen replicated responses: density overlays for continuous
/// responses, bars of observed counts with the replicates' medians and 90% intervals for discrete ones.
/// </summary>
public static class PredictiveOverlayPlot
{
    /// <summary>
    /// The overlay of <paramref name="observed"/> and <paramref name="replicates"/> (one array per replicated data set);
    /// densities are reflected at the bounds of the response's <paramref name="support"/> (e.g. 0 for a gamma response).
    /// </summary>
    public static Plot Create(IReadOnlyList<double> observed, IReadOnlyList<double[]> replicates, string response, bool discrete, Support? support = null)
        => discrete ? Bars(observed, replicates, response) : Densities(observed, replicates, response, support ?? Support.Real);

    /// <summary>True when every value is an integer (counts, binary, ordinal codes).</summary>
    public static bool LooksDiscrete(IReadOnlyList<double> values) => values.All(v => v == Math.Floor(v) && Math.Abs(v) < 1e9);

    private static Plot Densities(IReadOnlyList<double> observed, IReadOnlyList<double[]> replicates, string response, Support support)
    {
        var plot = PlotTheme.NewPlot("Posterior predictive check", response, "density");
        var y = observed.Where(double.IsFinite).ToArray();
        if (y.Length == 0) return plot;
        var pooled = replicates.SelectMany(r => r).Where(double.IsFinite).ToArray();
        double lo = Math.Min(y.Min(), pooled.Length > 0 ? Quantile(pooled, 0.005) : y.Min());
        double hi = Math.Max(y.Max(), pooled.Length > 0 ? Quantile(pooled, 0.995) : y.Max());
        double bw = KernelDensity.Bandwidth(y);
        double[] grid = KernelDensity.Grid(lo, hi, bw, support, 200);
        for (int r = 0; r < replicates.Count; r++)
        {
            var rep = replicates[r].Where(double.IsFinite).ToArray();
            var line = plot.Add.Scatter(grid, KernelDensity.Estimate(rep, grid, bw, support), PlotTheme.Light);
            line.MarkerSize = 0;
            line.LineWidth = 1;
            if (r == 0) line.LegendText = "y_rep";
        }
        var obs = plot.Add.Scatter(grid, KernelDensity.Estimate(y, grid, bw, support), PlotTheme.Dark);
        obs.MarkerSize = 0;
        obs.LineWidth = 2.5f;
        obs.LegendText = "y";
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    private static Plot Bars(IReadOnlyList<double> observed, IReadOnlyList<double[]> replicates, string response)
    {
        var plot = PlotTheme.NewPlot("Posterior predictive check", response, "count");
        int max = (int)Math.Min(observed.Where(double.IsFinite).DefaultIfEmpty(0).Max(), 200);
        foreach (var rep in replicates)
            foreach (double v in rep) if (double.IsFinite(v) && v <= 200) max = Math.Max(max, (int)v);
        int min = (int)Math.Max(observed.Where(double.IsFinite).DefaultIfEmpty(0).Min(), 0);
        int k = max - min + 1;
        var counts = new double[k];
        foreach (double v in observed) if (double.IsFinite(v) && v >= min && v <= max) counts[(int)v - min]++;
        var positions = Enumerable.Range(min, k).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(positions, counts);
        foreach (var bar in bars.Bars)
        {
            bar.FillColor = PlotTheme.Light;
            bar.LineColor = PlotTheme.Light;
        }
        bars.LegendText = "y";
        var perValue = new double[k][];
        for (int i = 0; i < k; i++) perValue[i] = new double[replicates.Count];
        for (int r = 0; r < replicates.Count; r++)
            foreach (double v in replicates[r]) if (double.IsFinite(v) && v >= min && v <= max) perValue[(int)v - min][r]++;
        for (int i = 0; i < k; i++)
        {
            var sorted = perValue[i].OrderBy(x => x).ToArray();
            double q05 = KernelDensity.Quantile(sorted, 0.05), q50 = KernelDensity.Quantile(sorted, 0.5), q95 = KernelDensity.Quantile(sorted, 0.95);
            var interval = plot.Add.Line(positions[i], q05, positions[i], q95);
            interval.Color = PlotTheme.Dark;
            interval.LineWidth = 1.5f;
            interval.MarkerSize = 0;
            var point = plot.Add.Marker(positions[i], q50);
            point.Color = PlotTheme.Dark;
            point.Size = 6;
            if (i == 0) point.LegendText = "y_rep (median, 90%)";
        }
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    private static double Quantile(double[] values, double p)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return KernelDensity.Quantile(sorted, p);
    }
}
