// Trace plot: one line per chain over the iterations (bayesplot's mcmc_trace).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>Trace plots of one variable, one coloured line per chain, divergent iterations marked below.</summary>
public static class TracePlot
{
    /// <summary>The trace of <paramref name="variable"/>; divergent iterations come from the <c>divergent__</c> variable when present.</summary>
    public static Plot Create(Draws draws, string variable)
    {
        int v = draws.IndexOf(variable);
        if (v < 0) throw new ArgumentException($"No variable named '{variable}'.", nameof(variable));
        var plot = PlotTheme.NewPlot($"Trace of {variable}", "iteration", variable);
        double lo = double.PositiveInfinity;
        for (int c = 0; c < draws.ChainCount; c++)
        {
            // Long traces are drawn by each pixel-wide bucket's extremes, so that the plot stays bounded in size.
            var (xs, ys) = TraceThinning.MinMax(draws.Chain(v, c));
            var line = plot.Add.Scatter(xs, ys, PlotTheme.Chain(c));
            line.MarkerSize = 0;
            line.LineWidth = 1;
            line.LegendText = $"chain {c + 1}";
            foreach (double y in ys) if (double.IsFinite(y)) lo = Math.Min(lo, y);
        }
        int d = draws.IndexOf("divergent__");
        if (d >= 0 && double.IsFinite(lo))
        {
            var divergentX = new List<double>();
            for (int c = 0; c < draws.ChainCount; c++)
            {
                var flags = draws.Chain(d, c);
                var flagged = new List<int>();
                for (int i = 0; i < flags.Length; i++) if (flags[i] > 0.5) flagged.Add(i);
                divergentX.AddRange(TraceThinning.Marks(flagged, flags.Length));
            }
            if (divergentX.Count > 0)
            {
                var marks = plot.Add.ScatterPoints(divergentX.ToArray(), Enumerable.Repeat(lo, divergentX.Count).ToArray(), PlotTheme.Alert);
                marks.MarkerShape = MarkerShape.VerticalBar;
                marks.MarkerSize = 8;
                marks.LegendText = "divergent";
            }
        }
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
