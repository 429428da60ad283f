// The look shared by every plot: fonts, colours, sizes.
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>Fonts, colours and sizes shared by every plot kind, in the spirit of bayesplot's defaults.</summary>
public static class PlotTheme
{
    /// <summary>The sans-serif font used for every label.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Default width of a saved plot, in pixels.</summary>
    public const int Width = 720;

    /// <summary>Default height of a saved plot, in pixels.</summary>
    public const int Height = 440;

    /// <summary>Dark blue of bayesplot's default scheme (points, medians).</summary>
    public static readonly Color Dark = Color.FromHex("#011f4b");

    /// <summary>Mid blue (90% intervals, replicated data).</summary>
    public static readonly Color Mid = Color.FromHex("#6497b1");

    /// <summary>Light blue (50% intervals, bands).</summary>
    public static readonly Color Light = Color.FromHex("#b3cde0");

    /// <summary>Red for divergent transitions and observed data that stand out.</summary>
    public static readonly Color Alert = Color.FromHex("#d62728");

    /// <summary>The colour of chain <paramref name="chain"/> (0-based).</summary>
    public static Color Chain(int chain) => new ScottPlot.Palettes.Category10().GetColor(chain);

    /// <summary>A new plot with the theme applied, a title and axis labels.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        PlotFonts.Ensure();
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Grid.MajorLineColor = Color.FromHex("#e8e8e8");
        return plot;
    }

    /// <summary>
    /// Shows the legend, if the plot has labelled items, in a panel to the right of the data area, so that it never
    /// hides data (a bar's marker, a density's peak) whatever their shape.
    /// </summary>
    public static void ShowLegend(Plot plot)
    {
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 11;
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>Fits the axes to the data with the vertical axis starting at 0 (densities, counts).</summary>
    public static void FloorAtZero(Plot plot)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimitsY(0, limits.Top > 0 ? limits.Top : 1);
    }
}
