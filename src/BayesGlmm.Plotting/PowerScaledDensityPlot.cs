// Marginal densities of one parameter under power-scaled priors and likelihoods (priorsense's powerscale_plot_dens).
using BayesGlmm.Analysis.Sensitivity;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The marginal posterior of one parameter (α = 1, black) beside its importance-weighted marginals when the
/// prior (blue) or the likelihood (orange) is raised to the power α (Kallioinen et al. 2023, §4, their Fig. 2):
/// light for α &lt; 1, dark for α &gt; 1. A prior-sensitive parameter's density moves with the prior curves.
/// The legend gives each curve's Pareto k̂; curves whose k̂ is high (unreliable weights) are dashed and marked so.
/// Densities are reflected at the bounds of the parameter's <see cref="Support"/>.
/// </summary>
public static class PowerScaledDensityPlot
{
    private static readonly Color PriorLow = Color.FromHex("#9ecae1"), PriorHigh = Color.FromHex("#08519c");
    private static readonly Color LikelihoodLow = Color.FromHex("#fdae6b"), LikelihoodHigh = Color.FromHex("#a63603");

    /// <summary>
    /// The plot for <paramref name="variable"/> with draws <paramref name="x"/> (all chains) and the perturbations
    /// <paramref name="scaled"/> (their normalised log weights in the same draw order).
    /// </summary>
    public static Plot Create(string variable, ReadOnlySpan<double> x, IEnumerable<PowerScalingSmoothing> scaled)
    {
        var plot = PlotTheme.NewPlot($"Power-scaled marginals of {variable}", variable, "density");
        if (x.IsEmpty) return plot;
        var sorted = x.ToArray();
        Array.Sort(sorted);
        double bw = KernelDensity.Bandwidth(sorted);
        double lo = KernelDensity.Quantile(sorted, 0.001), hi = KernelDensity.Quantile(sorted, 0.999);
        var support = Support.Of(variable);
        double[] grid = KernelDensity.Grid(lo, hi, 2 * bw, support, 200);
        var weights = new double[x.Length];
        foreach (var s in scaled.OrderBy(s => s.Component).ThenBy(s => s.Alpha))
        {
            var logWeights = s.NormalizedLogWeights.Span;
            for (int i = 0; i < weights.Length; i++) weights[i] = Math.Exp(logWeights[i]);
            bool prior = s.Component == PowerScalingComponent.Prior;
            var color = prior ? (s.Alpha < 1 ? PriorLow : PriorHigh) : (s.Alpha < 1 ? LikelihoodLow : LikelihoodHigh);
            var line = plot.Add.Scatter(grid, KernelDensity.Estimate(x, weights, grid, bw, support), color);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            if (s.IsHighK) line.LinePattern = LinePattern.Dashed;
            line.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(prior ? "prior" : "likelihood")} α = {s.Alpha} (k̂ = {s.ParetoK:F2}{(s.IsHighK ? ", high" : "")})");
        }
        var posterior = plot.Add.Scatter(grid, KernelDensity.Estimate(x, grid, bw, support), Colors.Black);
        posterior.MarkerSize = 0;
        posterior.LineWidth = 2.5f;
        posterior.LegendText = "posterior (α = 1)";
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
