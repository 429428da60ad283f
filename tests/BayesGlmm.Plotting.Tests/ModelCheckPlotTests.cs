// The power-scaled marginals, LOO-PIT and test-statistic plots render, and the weighted density is a density.
using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Plotting.Tests;

public sealed class ModelCheckPlotTests
{
    private static string NewPath(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-plots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    [Fact]
    public void WeightedDensityIntegratesToOneAndEqualWeightsGiveTheUnweightedEstimate()
    {
        var rng = new RandomStream(2);
        var x = Enumerable.Range(0, 500).Select(_ => rng.NextNormal(0, 1)).ToArray();
        double bw = KernelDensity.Bandwidth(x);
        var grid = KernelDensity.Grid(-6, 6, 601);
        var equal = Enumerable.Repeat(1.0 / x.Length, x.Length).ToArray();
        var weighted = KernelDensity.Estimate(x, equal, grid, bw);
        var plain = KernelDensity.Estimate(x, grid, bw);
        for (int g = 0; g < grid.Length; g++) Assert.Equal(plain[g], weighted[g], 12);
        var tilted = x.Select(v => Math.Exp(v)).ToArray();
        double total = tilted.Sum();
        var density = KernelDensity.Estimate(x, tilted.Select(w => w / total).ToArray(), grid, bw);
        Assert.Equal(1.0, density.Sum() * (grid[1] - grid[0]), 3);
        // Tilting by exp(x) moves N(0, 1) to N(1, 1): the weighted mean of the density is near 1.
        double mean = grid.Zip(density, (g, d) => g * d).Sum() * (grid[1] - grid[0]);
        Assert.InRange(mean, 0.7, 1.3);
    }

    [Fact]
    public void PowerScaledMarginalsRenderWithTheirParetoK()
    {
        var rng = new RandomStream(5);
        var mu = Enumerable.Range(0, 2000).Select(_ => rng.NextNormal(1, 0.3)).ToArray();
        var logPrior = mu.Select(m => -0.5 * m * m).ToArray();
        var logLikelihood = mu.Select(m => -0.5 * (m - 1) * (m - 1) / 0.09).ToArray();
        var scaled = new[] { 0.8, 1.25 }.SelectMany(a => new[]
        {
            PowerScaledWeights.Compute(logPrior, PowerScalingComponent.Prior, a)!,
            PowerScaledWeights.Compute(logLikelihood, PowerScalingComponent.Likelihood, a)!,
        }).ToArray();
        Assert.All(scaled, s => Assert.Equal(1.0, s.NormalizedLogWeights.ToArray().Sum(Math.Exp), 9));
        Assert.Null(PowerScaledWeights.Compute(new double[10], PowerScalingComponent.Prior, 0.8));
        string path = PlotFile.Save(PowerScaledDensityPlot.Create("mu", mu, scaled), NewPath("powerscale_mu"), png: true);
        string svg = File.ReadAllText(path);
        Assert.Contains("prior α = 0.8", svg);
        Assert.Contains("likelihood α = 1.25", svg);
        Assert.Contains("posterior (α = 1)", svg);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".png")));
    }

    [Fact]
    public void LooPitAndTestStatisticPlotsRender()
    {
        var rng = new RandomStream(6);
        var pit = Enumerable.Range(0, 300).Select(_ => rng.NextDouble()).ToArray();
        string loo = PlotFile.Save(LooPitPlot.Create(pit), NewPath("loo_pit"), png: true);
        Assert.Contains("LOO-PIT ECDF difference (300 observations)", File.ReadAllText(loo));

        var y = Enumerable.Range(0, 50).Select(_ => rng.NextNormal(0, 1)).ToArray();
        var yRep = Enumerable.Range(0, 200 * 50).Select(_ => rng.NextNormal(0, 1)).ToArray();
        var check = PredictiveCheck.Compute(y, yRep, TestStatistic.StandardDeviation);
        string stat = PlotFile.Save(TestStatisticPlot.Create(check, "y"), NewPath("ppc_stat_sd"), png: true);
        Assert.Contains("T = sd(y): p = ", File.ReadAllText(stat));
        Assert.True(File.Exists(Path.ChangeExtension(stat, ".png")));
    }
}
