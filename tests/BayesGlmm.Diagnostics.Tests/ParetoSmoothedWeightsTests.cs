// Pareto smoothing on its own: tail length rule, diagnostics formulas, and properties over random log ratios.
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Diagnostics.Tests;

public sealed class ParetoSmoothingTests
{
    [Theory]
    [InlineData(4000, 1.0, 189)]   // ⌊3·sqrt(4000)⌋
    [InlineData(4000, 0.5, 268)]   // ⌊3·sqrt(8000)⌋
    [InlineData(200, 1.0, 40)]     // S·r_eff ≤ 225: ⌊S/5⌋
    [InlineData(10, 1.0, 5)]       // at least 5
    public void TailLengthFollowsAppendixH(int draws, double rEff, int expected) =>
        Assert.Equal(expected, ParetoSmoothedWeights.TailLength(draws, rEff));

    [Fact]
    public void DiagnosticFormulas()
    {
        Assert.Equal(1 - 1 / Math.Log10(4000), ParetoSmoothedWeights.KhatThreshold(4000), 15);
        Assert.Equal(10.0, ParetoSmoothedWeights.MinSampleSize(-0.3));
        Assert.Equal(100.0, ParetoSmoothedWeights.MinSampleSize(0.5), 10);
        Assert.Equal(double.PositiveInfinity, ParetoSmoothedWeights.MinSampleSize(1.2));
        Assert.Equal(1.0, ParetoSmoothedWeights.ConvergenceRate(-0.1, 4000));
        Assert.Equal(0.0, ParetoSmoothedWeights.ConvergenceRate(1.5, 4000));
        Assert.Equal(0.0, ParetoSmoothedWeights.ConvergenceRate(0.0, 4000));
        Assert.Equal(1 - 1 / Math.Log(4000), ParetoSmoothedWeights.ConvergenceRate(0.5, 4000), 15);
        // The closed form approaches the limit at k = 1/2 (close to it, it cancels badly, as in posterior).
        Assert.InRange(ParetoSmoothedWeights.ConvergenceRate(0.5, 4000) - ParetoSmoothedWeights.ConvergenceRate(0.51, 4000), 0, 0.02);
    }

    [Fact]
    public void HeavyTailedRatiosGiveALargeK()
    {
        // log of Pareto(k = 0.8) draws, by inversion on a fixed grid of uniforms.
        double[] logRatios = Enumerable.Range(0, 4000).Select(i => -0.8 * Math.Log(1 - (i * 0.618033988749895 % 1))).ToArray();
        var result = ParetoSmoothedWeights.SmoothLogWeights(logRatios, relativeEfficiency: 1);
        Assert.InRange(result.ParetoK, 0.6, 1.0);
        Assert.True(result.IsHighK || result.ParetoK <= result.KhatThreshold);
    }

    [Fact]
    public void TooFewDrawsAreLeftUnsmoothed()
    {
        var result = ParetoSmoothedWeights.SmoothLogWeights([0.1, 0.5, -0.2, 0.3], relativeEfficiency: 1);
        Assert.True(double.IsNaN(result.ParetoK));
        Assert.Equal(new[] { 0.1 - 0.5, 0.0, -0.2 - 0.5, 0.3 - 0.5 }, result.LogWeights);
    }

    [Fact]
    public void NonFiniteRatiosAreRejected() =>
        Assert.Throws<ArgumentException>(() => ParetoSmoothedWeights.SmoothLogWeights([0.0, double.NaN, 1.0]));

    [Fact]
    public void WeightsAreNormalisedAndNeverExceedTheLargestRawWeight()
    {
        var gen = DrawGenerators.Finite.Select(v => Math.Clamp(v, -50, 50)).ArrayOf().Where(a => a.Length > 0);
        Prop.ForAll(gen.ToArbitrary(), logRatios =>
        {
            var result = ParetoSmoothedWeights.SmoothLogWeights(logRatios);
            double total = result.NormalizedLogWeights.Sum(Math.Exp);
            return Math.Abs(total - 1) < 1e-9 && result.LogWeights.All(w => w <= 0) && result.TailLength >= 5;
        }).Check(DrawGenerators.Seeded(21));
    }
}
