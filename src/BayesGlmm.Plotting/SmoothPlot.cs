// A smooth term's conditional effect: the fitted curve with its 95% band on the link scale and the observed covariate as a rug.
using BayesGlmm.Analysis.Smooths;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The curve of one <see cref="SmoothCurve"/> as brms's <c>plot(conditional_effects(fit))</c> draws a smooth (Bürkner
/// 2017, J. Stat. Softw. 80(1)): the posterior median of the linear predictor over the covariate's range, its 95%
/// credible band shaded, the other terms at their reference values; the observed covariate values as a rug below.
/// </summary>
public static class SmoothPlot
{
    /// <summary>The rug shows at most this many distinct covariate values.</summary>
    public const int MaxRugValues = 2000;

    /// <summary>The caption of <paramref name="curve"/>'s plot.</summary>
    public static string Title(SmoothCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve.Level is null ? $"Conditional effect of {curve.Term}" : $"Conditional effect of {curve.Term}, {curve.Level}";
    }

    /// <summary>The plot of <paramref name="curve"/>; <paramref name="yLabel"/> names the link scale.</summary>
    public static Plot Create(SmoothCurve curve, string yLabel = "linear predictor (link scale)")
    {
        ArgumentNullException.ThrowIfNull(curve);
        var plot = PlotTheme.NewPlot(Title(curve), curve.Covariate, yLabel);
        var band = plot.Add.FillY(curve.Grid, curve.Lower, curve.Upper);
        band.FillColor = PlotTheme.Light.WithAlpha(0.6);
        band.LineColor = PlotTheme.Light;
        band.LegendText = "95% credible interval";
        var line = plot.Add.Scatter(curve.Grid, curve.Median, PlotTheme.Dark);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = "posterior median";

        var rug = curve.Observed.Distinct().Order().ToArray();
        if (rug.Length > MaxRugValues) rug = Enumerable.Range(0, MaxRugValues).Select(k => rug[(int)((long)k * rug.Length / MaxRugValues)]).ToArray();
        if (rug.Length > 0)
        {
            double lo = curve.Lower.Min(), hi = curve.Upper.Max(), span = hi > lo ? hi - lo : 1;
            double y = lo - 0.06 * span;
            var ticks = plot.Add.ScatterPoints(rug, Enumerable.Repeat(y, rug.Length).ToArray(), PlotTheme.Mid);
            ticks.MarkerShape = MarkerShape.VerticalBar;
            ticks.MarkerSize = 10;
            ticks.LegendText = "observed " + curve.Covariate;
            plot.Axes.SetLimitsY(lo - 0.12 * span, hi + 0.05 * span);
        }
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
