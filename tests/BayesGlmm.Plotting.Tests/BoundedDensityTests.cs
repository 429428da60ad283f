// Density plots stay inside the support of what they show, and legends sit outside the data area.
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;
using ScottPlot;

namespace BayesGlmm.Plotting.Tests;

public sealed class BoundedDensityTests
{
    private static double Trapezoid(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 1; i < x.Length; i++) sum += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
        return sum;
    }

    [Fact]
    public void ReflectionAtZeroKeepsTheMassInsideAndTheValueAtTheBound()
    {
        // Half-normal draws: f(x) = 2φ(x) on [0, ∞), f(0) = sqrt(2/π) ≈ 0.798 and f'(0) = 0, where reflection is unbiased to O(h²).
        var rng = new RandomStream(11);
        var draws = Enumerable.Range(0, 4000).Select(_ => Math.Abs(rng.NextStandardNormal())).ToArray();
        double h = KernelDensity.Bandwidth(draws);
        var grid = KernelDensity.Grid(draws.Min(), draws.Max(), 3 * h, Support.Positive, 801);
        Assert.Equal(0.0, grid[0]);
        var reflected = KernelDensity.Estimate(draws, grid, h, Support.Positive);
        var plain = KernelDensity.Estimate(draws, grid, h);
        Assert.Equal(1.0, Trapezoid(grid, reflected), 0.01);
        Assert.Equal(Math.Sqrt(2 / Math.PI), reflected[0], 0.06);
        // Without the correction about half the density at the bound spills below 0.
        Assert.InRange(plain[0], 0.35, 0.5);
        Assert.InRange(Trapezoid(grid, plain), 0.9, 0.97);
        // Nothing outside the support.
        Assert.Equal([0.0, 0.0], KernelDensity.Estimate(draws, [-0.5, -1e-9], h, Support.Positive));
    }

    [Fact]
    public void ACorrelationsDensityIsReflectedAtBothEnds()
    {
        var rng = new RandomStream(12);
        var draws = Enumerable.Range(0, 4000).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double h = KernelDensity.Bandwidth(draws);
        var support = Support.Of("cor_g__Intercept__x");
        var grid = KernelDensity.Grid(draws.Min(), draws.Max(), 2 * h, support, 401);
        Assert.Equal(-1.0, grid[0]);
        Assert.Equal(1.0, grid[^1]);
        var density = KernelDensity.Estimate(draws, grid, h, support);
        Assert.Equal(1.0, Trapezoid(grid, density), 0.01);
        Assert.Equal(0.5, density[0], 0.06);
        Assert.Equal(0.5, density[^1], 0.06);
    }

    [Fact]
    public void TheWeightedEstimateWithEqualWeightsIsTheUnweightedOne()
    {
        var rng = new RandomStream(13);
        var draws = Enumerable.Range(0, 500).Select(_ => rng.NextUniform(0, 1)).ToArray();
        var weights = Enumerable.Repeat(1.0 / draws.Length, draws.Length).ToArray();
        var grid = KernelDensity.Grid(0, 1, 50);
        double h = KernelDensity.Bandwidth(draws);
        var a = KernelDensity.Estimate(draws, grid, h, Support.UnitInterval);
        var b = KernelDensity.Estimate(draws, weights, grid, h, Support.UnitInterval);
        for (int i = 0; i < grid.Length; i++) Assert.Equal(a[i], b[i], 1e-12);
    }

    [Theory]
    [InlineData("sd_county__Intercept", 0, double.PositiveInfinity)]
    [InlineData("sigma", 0, double.PositiveInfinity)]
    [InlineData("shape", 0, double.PositiveInfinity)]
    [InlineData("phi", 0, double.PositiveInfinity)]
    [InlineData("lambda_pump", 0, double.PositiveInfinity)]
    [InlineData("u_pump[3]", 0, double.PositiveInfinity)]
    [InlineData("nu", 1, double.PositiveInfinity)]
    [InlineData("df_g", 1, double.PositiveInfinity)]
    [InlineData("cor_county__Intercept__floor", -1, 1)]
    [InlineData("zi", 0, 1)]
    [InlineData("hu", 0, 1)]
    [InlineData("b_Intercept", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("b_Intercept[2]", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("r_county[AITKIN,Intercept]", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("b_sd_x", double.NegativeInfinity, double.PositiveInfinity)]
    public void SupportsFollowBrmsNames(string variable, double lower, double upper) =>
        Assert.Equal(new Support(lower, upper), Support.Of(variable));

    [Theory]
    [InlineData("beta", 0, 1)]
    [InlineData("gamma(log)", 0, double.PositiveInfinity)]
    [InlineData("lognormal", 0, double.PositiveInfinity)]
    [InlineData("gaussian(identity)", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("student", double.NegativeInfinity, double.PositiveInfinity)]
    public void ResponseSupportsFollowTheFamily(string family, double lower, double upper) =>
        Assert.Equal(new Support(lower, upper), Support.OfResponse(family));

    private static IEnumerable<double> LineXs(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints().Select(p => p.X));

    /// <summary>Draws of an sd piled up against 0 and of a correlation near −1, as small-cluster fits give.</summary>
    private static Draws BoundaryDraws()
    {
        var draws = new Draws(["sd_g__Intercept", "cor_g__Intercept__x"], 2, 500);
        var rng = new RandomStream(14);
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 500; i++)
            {
                draws.Chain(0, c)[i] = Math.Abs(rng.NextNormal(0, 0.3));
                draws.Chain(1, c)[i] = Math.Tanh(rng.NextNormal(-1.5, 0.6));
            }
        return draws;
    }

    [Fact]
    public void MarginalDensitiesStopAtTheParametersBounds()
    {
        var draws = BoundaryDraws();
        var sd = DensityOverlayPlot.Create(draws, "sd_g__Intercept");
        Assert.Equal(0.0, LineXs(sd).Min());
        var cor = DensityOverlayPlot.Create(draws, "cor_g__Intercept__x");
        Assert.Equal(-1.0, LineXs(cor).Min());
        Assert.True(LineXs(cor).Max() <= 1.0);
    }

    [Fact]
    public void PowerScaledDensitiesStopAtTheParametersBoundsAndKeepTheLegendOutside()
    {
        var draws = BoundaryDraws();
        var x = draws.AllChains(0).ToArray();
        var logPrior = x.Select(v => -v * v).ToArray();
        var scaled = new[] { 0.8, 1.25 }.Select(a => PowerScaledWeights.Compute(logPrior, PowerScalingComponent.Prior, a)).OfType<PowerScalingSmoothing>().ToArray();
        Assert.NotEmpty(scaled);
        var plot = PowerScaledDensityPlot.Create("sd_g__Intercept", x, scaled);
        Assert.Equal(0.0, LineXs(plot).Min());
        AssertLegendOutsideTheDataArea(plot);
    }

    [Fact]
    public void TheBarPredictiveChecksLegendIsOutsideTheDataArea()
    {
        // Most observations in the last category: the tallest bar and its marker sit in the upper right corner.
        var rng = new RandomStream(15);
        var y = Enumerable.Range(0, 200).Select(_ => rng.NextDouble() < 0.7 ? 4.0 : rng.Next(4)).ToArray();
        var reps = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 200).Select(_ => rng.NextDouble() < 0.7 ? 4.0 : rng.Next(4)).ToArray()).ToArray();
        var plot = PredictiveOverlayPlot.Create(y, reps, "rating", discrete: true);
        AssertLegendOutsideTheDataArea(plot);
        // Rendered, the data area leaves room on the right for the legend panel.
        plot.GetImage(PlotTheme.Width, PlotTheme.Height);
        var dataRect = plot.RenderManager.LastRender.DataRect;
        Assert.True(dataRect.Right < PlotTheme.Width - 80, $"data area reaches x = {dataRect.Right} of {PlotTheme.Width}");
    }

    private static void AssertLegendOutsideTheDataArea(Plot plot)
    {
        Assert.False(plot.Legend.IsVisible, "the legend is drawn inside the data area");
        Assert.Contains(plot.Axes.GetPanels(), p => p.GetType().Name.Contains("Legend", StringComparison.Ordinal));
    }
}
