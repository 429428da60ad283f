using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Plotting.Tests;

public sealed class PlotRenderingTests
{
    private static string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-plots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void EveryFitPlotKindRendersToSvgAndPng()
    {
        var draws = SyntheticFit.Create();
        var rng = new RandomStream(9);
        var y = Enumerable.Range(0, 200).Select(_ => rng.NextNormal(1.2, 0.8)).ToArray();
        var reps = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 200).Select(_ => rng.NextNormal(1.2, 0.8)).ToArray()).ToArray();
        string dir = NewDirectory();
        var entries = FitPlots.Write(draws, dir, new FitPlotOptions { Png = true, Observed = y, Replicates = reps, ResponseName = "log_radon" });

        foreach (string kind in new[] { "trace", "rank", "density", "intervals", "funnel", "ppc" })
            Assert.Contains(entries, e => e.Kind == kind);
        foreach (var entry in entries)
        {
            Assert.True(new FileInfo(entry.SvgPath).Length > 1000, entry.SvgPath);
            Assert.Contains("<svg", File.ReadAllText(entry.SvgPath));
            string png = Path.ChangeExtension(entry.SvgPath, ".png");
            Assert.True(new FileInfo(png).Length > 1000, png);
        }
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void DiscreteResponsesGetBars()
    {
        var rng = new RandomStream(3);
        var y = Enumerable.Range(0, 100).Select(_ => (double)rng.NextPoisson(2.5)).ToArray();
        var reps = Enumerable.Range(0, 25).Select(_ => Enumerable.Range(0, 100).Select(_ => (double)rng.NextPoisson(2.5)).ToArray()).ToArray();
        Assert.True(PredictiveOverlayPlot.LooksDiscrete(y));
        string path = PlotFile.Save(PredictiveOverlayPlot.Create(y, reps, "count", discrete: true), Path.Combine(NewDirectory(), "ppc_bars"), png: true);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void SbcPlotsRender()
    {
        var rng = new RandomStream(4);
        var ranks = Enumerable.Range(0, 200).Select(_ => rng.Next(0, 100)).ToArray();
        int k = 100;
        var z = Enumerable.Range(0, k + 1).Select(i => i / (double)k).ToArray();
        var diff = z.Select(zi => ranks.Count(r => r < zi * 100) / 200.0 - zi).ToArray();
        var lower = z.Select(zi => -0.1 * Math.Sqrt(zi * (1 - zi)) * 2).ToArray();
        var upper = lower.Select(l => -l).ToArray();
        string dir = NewDirectory();
        Assert.True(File.Exists(PlotFile.Save(EcdfDifferencePlot.Create("b_x", z, diff, lower, upper, 200), Path.Combine(dir, "ecdf"), png: true)));
        Assert.True(File.Exists(PlotFile.Save(RankHistogramPlot.Create("b_x", ranks, 99), Path.Combine(dir, "hist"), png: true)));
    }

    [Fact]
    public void RanksAverageTies()
    {
        Assert.Equal(new[] { 1.5, 1.5, 3.0, 4.0 }, RankOverlayPlot.AverageRanks(new[] { 2.0, 2.0, 5.0, 7.0 }));
        Assert.Equal(new[] { 3.0, 1.0, 2.0 }, RankOverlayPlot.AverageRanks(new[] { 9.0, 1.0, 4.0 }));
    }

    [Fact]
    public void KernelDensityIntegratesToOne()
    {
        var rng = new RandomStream(8);
        var x = Enumerable.Range(0, 2000).Select(_ => rng.NextStandardNormal()).ToArray();
        var grid = KernelDensity.Grid(-6, 6, 601);
        var d = KernelDensity.Estimate(x, grid, KernelDensity.Bandwidth(x));
        double integral = d.Sum() * (grid[1] - grid[0]);
        Assert.InRange(integral, 0.99, 1.01);
    }
}
