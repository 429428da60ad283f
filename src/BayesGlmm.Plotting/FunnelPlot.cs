// Funnel plot: a group-level sd against one of its effects, divergent draws marked (bayesplot's mcmc_scatter with np).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The log of a group-level standard deviation against one of its group-level effects, draw by draw,
/// with divergent transitions in red: the funnel geometry of Neal (2003) that non-centring addresses.
/// </summary>
/// <remarks>
/// At most <see cref="MaxPoints"/> draws are drawn, evenly spaced over every chain's iterations, and at most as many
/// divergent ones, so that the plot stays bounded in size and render time however many draws the fit made; the
/// legend says how many were drawn.
/// </remarks>
public static class FunnelPlot
{
    /// <summary>The most draws (and, separately, divergent draws) the plot shows.</summary>
    public const int MaxPoints = 2000;

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
        var ok = plot.Add.ScatterPoints(Thin(okX), Thin(okY), PlotTheme.Mid.WithAlpha(0.5));
        ok.MarkerSize = 3;
        ok.LegendText = okX.Count > MaxPoints ? $"draws ({MaxPoints:N0} of {okX.Count:N0})" : "draws";
        if (divX.Count > 0)
        {
            var div = plot.Add.ScatterPoints(Thin(divX), Thin(divY), PlotTheme.Alert);
            div.MarkerSize = 5;
            div.LegendText = divX.Count > MaxPoints ? $"divergent ({MaxPoints:N0} of {divX.Count:N0})" : $"divergent ({divX.Count})";
        }
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    /// <summary>At most <see cref="MaxPoints"/> values, evenly spaced over <paramref name="values"/>.</summary>
    private static double[] Thin(List<double> values)
    {
        if (values.Count <= MaxPoints) return values.ToArray();
        var kept = new double[MaxPoints];
        for (int k = 0; k < MaxPoints; k++) kept[k] = values[(int)((long)k * values.Count / MaxPoints)];
        return kept;
    }
}
