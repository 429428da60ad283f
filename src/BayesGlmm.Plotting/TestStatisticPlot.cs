// Posterior predictive test statistic: histogram of T(y_rep) with T(y) marked (bayesplot's ppc_stat).
using System.Globalization;
using BayesGlmm.Analysis.PosteriorPredictive;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// The distribution of a test statistic over replicated data sets, T(y_rep), as a histogram, with the observed
/// T(y) as a vertical line and the posterior predictive p-value in the title (Gelman, Meng &amp; Stern 1996;
/// Gabry et al. 2019, §5).
/// </summary>
public static class TestStatisticPlot
{
    /// <summary>The histogram of <paramref name="check"/>'s replicated values with its observed value.</summary>
    public static Plot Create(PredictiveCheckResult check, string response)
    {
        ArgumentNullException.ThrowIfNull(check);
        string title = string.Create(CultureInfo.InvariantCulture, $"T = {check.Statistic}({response}): p = {check.PValue:F3}");
        var plot = PlotTheme.NewPlot(title, $"{check.Statistic}(y_rep)", "replicated data sets");
        var values = check.Replicated.Where(double.IsFinite).ToArray();
        if (values.Length == 0) return plot;
        double lo = Math.Min(values.Min(), check.Observed), hi = Math.Max(values.Max(), check.Observed);
        if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
        int bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)), 10, 40);
        double width = (hi - lo) / bins;
        var counts = new double[bins];
        foreach (double v in values) counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        var positions = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
        var bars = plot.Add.Bars(positions, counts);
        foreach (var bar in bars.Bars)
        {
            bar.FillColor = PlotTheme.Light;
            bar.LineColor = PlotTheme.Mid;
            bar.Size = width * 0.95;
        }
        bars.LegendText = "T(y_rep)";
        var observed = plot.Add.VerticalLine(check.Observed);
        observed.Color = PlotTheme.Dark;
        observed.LineWidth = 3;
        observed.LegendText = "T(y)";
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }
}
