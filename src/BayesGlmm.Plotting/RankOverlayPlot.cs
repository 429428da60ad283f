// Rank plot: histograms of the pooled ranks per chain, overlaid (bayesplot's mcmc_rank_overlay).
using BayesGlmm.Diagnostics;
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>
/// Rank histograms per chain, overlaid as step lines (Vehtari et al. 2021, §4.2): the draws of all chains
/// are ranked together; well-mixed chains give flat, overlapping histograms.
/// </summary>
public static class RankOverlayPlot
{
    /// <summary>The rank overlay of <paramref name="variable"/> with <paramref name="bins"/> bins.</summary>
    public static Plot Create(Draws draws, string variable, int bins = 20)
    {
        int v = draws.IndexOf(variable);
        if (v < 0) throw new ArgumentException($"No variable named '{variable}'.", nameof(variable));
        int total = draws.DrawCount;
        var all = draws.AllChains(v).ToArray();
        var ranks = AverageRanks(all);
        var plot = PlotTheme.NewPlot($"Rank overlay of {variable}", "rank (all chains)", "draws per bin");
        double binWidth = (double)total / bins;
        double highest = 0;
        for (int c = 0; c < draws.ChainCount; c++)
        {
            var counts = new double[bins + 1];
            for (int i = 0; i < draws.IterationCount; i++)
            {
                double r = ranks[c * draws.IterationCount + i];
                int b = Math.Min(bins - 1, (int)((r - 1) / binWidth));
                counts[b]++;
            }
            counts[bins] = counts[bins - 1];
            highest = Math.Max(highest, counts.Max());
            double[] xs = Enumerable.Range(0, bins + 1).Select(b => b * binWidth).ToArray();
            var line = plot.Add.Scatter(xs, counts, PlotTheme.Chain(c));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LegendText = $"chain {c + 1}";
        }
        var expected = plot.Add.HorizontalLine(draws.IterationCount / (double)bins);
        expected.Color = Colors.Gray;
        expected.LinePattern = LinePattern.Dashed;
        expected.LineWidth = 1;
        plot.Axes.SetLimitsY(0, highest * 1.25 + 1);
        PlotTheme.ShowLegend(plot);
        return plot;
    }

    /// <summary>Average ranks (1-based; ties share their mean rank) of <paramref name="values"/>.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var copy = values.ToArray();
        Array.Sort(copy, order);
        var ranks = new double[n];
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && copy[j + 1] == copy[i]) j++;
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
