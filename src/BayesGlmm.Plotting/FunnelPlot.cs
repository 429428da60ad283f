// Funnel plot: a group-level sd against one of its effects, divergent draws marked (bayesplot's mcmc_scatter with np).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The log of a group-level standard deviation against one of its group-level effects, draw by draw,
/// with divergent transitions in red: the funnel geometry of Neal (2003) that non-centring addresses.
/// </summary>
public static class FunnelPlot
{
    /// <summary>The funnel of <paramref name="sdVariable"/> (plotted on the log scale) against <paramref name="effectVariable"/>.</summary>
    public static Plot Create(Draws draws, string sdVariable, string effectVariable)
    {
        int s = draws.IndexOf(sdVariable), e = draws.IndexOf(effectVariable), d = draws.IndexOf("divergent__");
        if (s < 0 || e < 0) throw new ArgumentException($"No variables named '{sdVariable}' and '{effectVariable}'.");
        var plot = PlotTheme.NewPlot($"Funnel: {sdVariable} against {effectVariable}", effectVariable, $"log({sdVariable})");
        var okX = new List<double>(); var okY = new List<double>();
        var divX = new List<double>(); var divY = new List<double>();
        for (int c = 0; c < draws.ChainCount; c++)
        {
            var sd = draws.Chain(s, c);
            var effect = draws.Chain(e, c);
            for (int i = 0; i < draws.IterationCount; i++)
            {
                bool divergent = d >= 0 && draws.Chain(d, c)[i] > 0.5;
                (divergent ? divX : okX).Add(effect[i]);
                (divergent ? divY : okY).Add(Math.Log(sd[i]));
            }
        }
        var ok = plot.Add.ScatterPoints(okX.ToArray(), okY.ToArray(), PlotTheme.Mid.WithAlpha(0.5));
        ok.MarkerSize = 3;
        ok.LegendText = "draws";
        if (divX.Count > 0)
        {
            var div = plot.Add.ScatterPoints(divX.ToArray(), divY.ToArray(), PlotTheme.Alert);
            div.MarkerSize = 5;
            div.LegendText = $"divergent ({divX.Count})";
        }
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
