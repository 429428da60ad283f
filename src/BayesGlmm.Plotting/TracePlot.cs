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
        double[] xs = Enumerable.Range(1, draws.IterationCount).Select(i => (double)i).ToArray();
        double lo = double.PositiveInfinity;
        for (int c = 0; c < draws.ChainCount; c++)
        {
            double[] ys = draws.Chain(v, c).ToArray();
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
                for (int i = 0; i < flags.Length; i++) if (flags[i] > 0.5) divergentX.Add(i + 1);
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
