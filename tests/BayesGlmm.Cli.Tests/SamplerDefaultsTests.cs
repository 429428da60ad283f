// Issue 14, part 4: the sampler's defaults and ranges are stated once, by SamplerOptions; the help and the option checks take them from there.
using System.Globalization;
using System.Text.RegularExpressions;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Tests;

public sealed class SamplerDefaultsTests
{
    private static string OneLine(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void TheHelpStatesTheDefaultsOfSamplerOptions()
    {
        var d = new SamplerOptions();
        string I(IFormattable x) => x.ToString(null, CultureInfo.InvariantCulture);
        foreach (string command in new[] { "fit", "sbc" })
        {
            var run = CliRun.Of(command, "--help");
            Assert.Equal(0, run.ExitCode);
            string help = OneLine(run.Output);
            Assert.Contains($"Number of chains (default {I(d.Chains)}).", help, StringComparison.Ordinal);
            Assert.Contains($"Warmup iterations per chain (default {I(d.Warmup)}).", help, StringComparison.Ordinal);
            Assert.Contains($"Draws per chain after warmup (default {I(d.Draws)}).", help, StringComparison.Ordinal);
            Assert.Contains($"Random seed (default {I(d.Seed)});", help, StringComparison.Ordinal);
            Assert.Contains($"step-size adaptation (default {I(d.AdaptDelta)}).", help, StringComparison.Ordinal);
            Assert.Contains($"Maximum tree depth of NUTS (default {I(d.MaxTreeDepth)}).", help, StringComparison.Ordinal);
            Assert.Contains($"The metric adapted in warmup: diag, dense or low_rank (default {MetricNames.Of(d.Metric)}, or {MetricNames.Of(SamplerOptions.DefaultMetric(AdaptationKind.Stan))} with --adaptation stan);", help, StringComparison.Ordinal);
            Assert.Contains($"(default {AdaptationNames.Of(d.Adaptation)}).", help, StringComparison.Ordinal);
            Assert.Contains($"(default {IntegratorNames.Of(d.Integrator)}).", help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--chains", "0", nameof(SamplerOptions.Chains))]
    [InlineData("--warmup", "-1", nameof(SamplerOptions.Warmup))]
    [InlineData("--adapt-delta", "0", nameof(SamplerOptions.AdaptDelta))]
    [InlineData("--max-treedepth", "0", nameof(SamplerOptions.MaxTreeDepth))]
    [InlineData("--stepsize-jitter", "-0.1", nameof(SamplerOptions.StepSizeJitter))]
    [InlineData("--metric", "unit", nameof(SamplerOptions.Metric))]
    [InlineData("--adaptation", "nutpie", nameof(SamplerOptions.Adaptation))]
    [InlineData("--integrator", "euler", nameof(SamplerOptions.Integrator))]
    public void AnOptionsRangeIsTheOneSamplerOptionsValidates(string flag, string value, string setting)
    {
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), flag, value, "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {flag} {value}: it must be {SamplerOptions.RangeOf(setting)}.", run.Error.TrimEnd());
    }

    [Fact]
    public void AChainFileHeaderRecordsTheDrawsAskedForUnlessToldOtherwise()
    {
        var info = new BayesGlmm.Output.CmdStanRunInfo { Sampler = new SamplerOptions { Draws = 250 } };
        Assert.Equal(250, info.NumSamples);
        Assert.Equal(7, (info with { NumSamples = 7 }).NumSamples);
    }
}
