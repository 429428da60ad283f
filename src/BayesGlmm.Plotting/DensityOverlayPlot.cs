// Marginal posterior densities, one per chain (bayesplot's mcmc_dens_overlay).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// Kernel density estimates of one variable's marginal posterior, one line per chain, reflected at the bounds of the
/// variable's <see cref="Support"/> (an sd's density stops at 0, a correlation's at ±1).
/// </summary>
public static class DensityOverlayPlot
{
    /// <summary>The per-chain marginal densities of <paramref name="variable"/>.</summary>
    public static Plot Create(Draws draws, string variable)
    {
        int v = draws.IndexOf(variable);
        if (v < 0) throw new ArgumentException($"No variable named '{variable}'.", nameof(variable));
        var all = draws.AllChains(v).ToArray().Where(double.IsFinite).ToArray();
        var plot = PlotTheme.NewPlot($"Marginal posterior of {variable}", variable, "density");
        if (all.Length == 0) return plot;
        double lo = all.Min(), hi = all.Max();
        double bw = KernelDensity.Bandwidth(all);
        var support = Support.Of(variable);
        double[] grid = KernelDensity.Grid(lo, hi, 2 * bw, support, 200);
        for (int c = 0; c < draws.ChainCount; c++)
        {
            var chain = draws.Chain(v, c).ToArray().Where(double.IsFinite).ToArray();
            var dens = KernelDensity.Estimate(chain, grid, KernelDensity.Bandwidth(chain), support);
            var line = plot.Add.Scatter(grid, dens, PlotTheme.Chain(c));
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LegendText = $"chain {c + 1}";
        }
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
