// SBC rank histogram with the band a uniform histogram stays in (Talts et al. 2018, fig. 1).
using MathNet.Numerics.Distributions;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// A histogram of SBC ranks in equal bins with the central 99% interval of a bin count under uniformity
/// (binomial), as Talts et al. (2018) draw it.
/// </summary>
public static class RankHistogramPlot
{
    /// <summary>The histogram of <paramref name="ranks"/> (each in 0..maxRank) in <paramref name="bins"/> bins.</summary>
    public static Plot Create(string variable, IReadOnlyList<int> ranks, int maxRank, int bins = 20)
    {
        bins = Math.Clamp(bins, 1, maxRank + 1);
        var plot = PlotTheme.NewPlot($"{variable}: rank histogram ({ranks.Count} simulations)", "rank", "simulations");
        var counts = new double[bins];
        double width = (maxRank + 1.0) / bins;
        foreach (int r in ranks) counts[Math.Min(bins - 1, (int)(r / width))]++;
        if (ranks.Count > 0)
        {
            double p = 1.0 / bins;
            double lo = BinomialQuantile(p, ranks.Count, 0.005), hi = BinomialQuantile(p, ranks.Count, 0.995);
            var band = plot.Add.VerticalSpan(lo, hi);
            band.FillStyle.Color = PlotTheme.Light.WithAlpha(0.5);
            band.LineStyle.Width = 0;
            band.LegendText = "99% band under uniformity";
        }
        var positions = Enumerable.Range(0, bins).Select(b => (b + 0.5) * width).ToArray();
        var bars = plot.Add.Bars(positions, counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width * 0.9;
            bar.FillColor = PlotTheme.Mid;
            bar.LineColor = PlotTheme.Mid;
        }
        PlotTheme.FloorAtZero(plot);
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    /// <summary>The smallest count x with P(X ≤ x) ≥ q for X ~ Binomial(n, p).</summary>
    private static double BinomialQuantile(double p, int n, double q)
    {
        for (int x = 0; x < n; x++) if (Binomial.CDF(p, n, x) >= q) return x;
        return n;
    }
}
