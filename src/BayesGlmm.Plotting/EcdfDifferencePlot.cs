// SBC's ECDF-difference plot with simultaneous bands (Säilynoja, Bürkner & Vehtari 2022).
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The difference between the empirical CDF of SBC ranks and the uniform CDF, F̂(z_i) − z_i held
/// constant on [z_i, z_{i+1}), inside the simultaneous band of Säilynoja, Bürkner &amp; Vehtari (2022,
/// §3): a calibrated quantity stays within the band everywhere.
/// </summary>
public static class EcdfDifferencePlot
{
    /// <summary>
    /// The plot for one quantity: <paramref name="z"/> are the evaluation points z_0..z_K, and the other
    /// arrays the ECDF difference and the band's lower and upper differences at those points. The title, x label
    /// and series label default to SBC's ranks (the LOO-PIT plot names its own).
    /// </summary>
    public static Plot Create(string variable, IReadOnlyList<double> z, IReadOnlyList<double> difference,
        IReadOnlyList<double> lowerDifference, IReadOnlyList<double> upperDifference, int? simulations = null,
        string? title = null, string xLabel = "fractional rank", string seriesLabel = "ranks")
    {
        title ??= simulations is int n ? $"{variable}: rank ECDF difference ({n} simulations)" : $"{variable}: rank ECDF difference";
        var plot = PlotTheme.NewPlot(title, xLabel, "ECDF − uniform");
        var (sx, lower) = Steps(z, lowerDifference);
        var (_, upper) = Steps(z, upperDifference);
        var band = plot.Add.FillY(sx, lower, upper);
        band.FillColor = PlotTheme.Light.WithAlpha(0.6);
        band.LineColor = PlotTheme.Mid;
        band.LegendText = "95% simultaneous band";
        var (dx, dy) = Steps(z, difference);
        var line = plot.Add.Scatter(dx, dy, PlotTheme.Dark);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = seriesLabel;
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;
        zero.LineWidth = 1;
        plot.Axes.SetLimitsX(0, 1);
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    /// <summary>Step-function coordinates: value i held from z_i to z_{i+1}.</summary>
    private static (double[] X, double[] Y) Steps(IReadOnlyList<double> z, IReadOnlyList<double> values)
    {
        int k = z.Count;
        var xs = new List<double>(2 * k);
        var ys = new List<double>(2 * k);
        for (int i = 0; i < k; i++)
        {
            xs.Add(z[i]);
            ys.Add(values[i]);
            double next = i + 1 < k ? z[i + 1] : z[i];
            xs.Add(next);
            ys.Add(values[i]);
        }
        return (xs.ToArray(), ys.ToArray());
    }
}
