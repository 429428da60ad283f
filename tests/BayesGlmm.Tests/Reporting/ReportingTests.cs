// Tests of the printed summary pieces, the diagnostics warnings and the plain progress lines.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Reporting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Reporting;

public sealed class ReportingTests
{
    [Theory]
    [InlineData("sd_county__Intercept", "county", "sd(Intercept)")]
    [InlineData("sd_g1:g2__Intercept", "g1:g2", "sd(Intercept)")]
    [InlineData("cor_Subject__Intercept__Days", "Subject", "cor(Intercept,Days)")]
    [InlineData("df_g", "g", "df")]
    [InlineData("lambda_pump", "pump", "lambda")]
    public void GroupLevelNamesBecomeBrmsLabels(string variable, string group, string label)
    {
        Assert.True(FitSummaryText.TryGroupLabel(variable, out string g, out string l));
        Assert.Equal((group, label), (g, l));
    }

    [Theory]
    [InlineData("sigma")]
    [InlineData("shape")]
    [InlineData("sd_nogroup")]
    public void OtherNamesAreNotGroupLevel(string variable) => Assert.False(FitSummaryText.TryGroupLabel(variable, out _, out _));

    [Fact]
    public void NumbersAreFormattedAsBrmsPrintsThem()
    {
        Assert.Equal("1.49", TextTable.Number(1.4947));
        Assert.Equal("-0.66", TextTable.Number(-0.655));
        Assert.Equal("1.23e-03", TextTable.Number(0.00123));
        Assert.Equal("NA", TextTable.Number(double.NaN));
        Assert.Equal("1766", TextTable.Whole(1765.6));
        Assert.Equal("1.01", TextTable.Rhat(1.008));
    }

    [Fact]
    public void WarningsNameTheProblemAndTheRemedy()
    {
        var draws = new Draws(["x", "divergent__", "treedepth__", "energy__"], 2, 4);
        draws.Chain(1, 0)[2] = 1;
        draws.Chain(2, 1)[0] = 10;
        double[] energy = [1, 1.1, 0.9, 1.05];
        for (int c = 0; c < 2; c++) energy.CopyTo(draws.Chain(3, c));
        var rows = new[] { new SummaryRow("x", 0, 1, -1, 0, 1, 0.1, 0.1, 50, 60, 1.05) };
        var d = FitDiagnostics.Compute(draws, rows, maxTreeDepth: 10, adaptDelta: 0.8);
        Assert.Equal(1, d.Divergences);
        Assert.Equal(1, d.MaxTreedepthHits);
        Assert.Contains(d.Warnings, w => w.Contains("1 divergent transitions", StringComparison.Ordinal) && w.Contains("adapt_delta", StringComparison.Ordinal));
        Assert.Contains(d.Warnings, w => w.Contains("R-hat above 1.01", StringComparison.Ordinal));
        Assert.Contains(d.Warnings, w => w.Contains("bulk ESS below 200", StringComparison.Ordinal));
        Assert.Contains(d.Warnings, w => w.Contains("tail ESS below 200", StringComparison.Ordinal));
        Assert.Contains(d.Warnings, w => w.Contains("maximum tree depth of 10", StringComparison.Ordinal));
        Assert.Equal(1.05, d.MaxRhat);
    }

    [Fact]
    public void ProgressLinesSayPhaseRateDivergencesAndTimeLeft()
    {
        string line = ProgressLog.Line(new FitProgress(1, 1500, 1000, 2000, 21, 3), TimeSpan.FromSeconds(3));
        Assert.Equal("chain 2: sampling 1500/2000 (75%), 500 it/s, divergent: 21 in warmup, 3 after, about 1 s left", line);
        Assert.StartsWith("chain 1: warmup 10/2000", ProgressLog.Line(new FitProgress(0, 10, 1000, 2000, 0, 0), TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
        Assert.Equal("chain 1: done 2000/2000 (100%), 1000 it/s, divergent: 4 in warmup, 0 after", ProgressLog.Line(new FitProgress(0, 2000, 1000, 2000, 4, 0), TimeSpan.FromSeconds(2)));

        var writer = new StringWriter();
        var log = new ProgressLog(writer, TimeSpan.FromHours(1));
        log.Report(new FitProgress(0, 100, 1000, 2000, 0, 0));
        log.Report(new FitProgress(0, 200, 1000, 2000, 0, 0));
        log.Report(new FitProgress(0, 1100, 1000, 2000, 0, 0));
        log.Report(new FitProgress(0, 2000, 1000, 2000, 0, 0));
        Assert.Equal(3, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
