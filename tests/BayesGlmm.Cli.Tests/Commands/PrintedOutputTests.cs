// Issue 15, points 8, 10 and 11: progress and summary count the same divergences, help names bayesglmm, 95% intervals as brms.
using System.Globalization;
using System.Text.RegularExpressions;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed partial class PrintedOutputTests
{
    [Fact]
    public void ProgressLinesCountWarmupAndSamplingDivergencesApartAndTheSummaryGivesTheSameNumber()
    {
        // Point 8: a short warmup on eight schools has divergent transitions in warmup; the progress lines show them apart.
        using var dir = new ScratchDirectory();
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--chains", "2", "--warmup", "60", "--draws", "300",
            "--seed", "2", "--out", dir.File("es"), "--no-plots");
        Assert.True(run.ExitCode == 0, run.Error);
        var done = DoneLine().Matches(run.Error);
        Assert.Equal(2, done.Count);
        int warmup = done.Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        int sampling = done.Sum(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var summary = SummaryLine().Match(run.Output);
        Assert.True(summary.Success, run.Output);
        Assert.Equal(sampling, int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(warmup, int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(warmup > 0, "the short warmup made no divergent transition, so the test shows nothing:\n" + run.Error);
        var record = Output.FitJson.Read(dir.File("es/fit.json"));
        Assert.Equal(sampling, record.Diagnostics.Divergences);
        Assert.Equal(warmup, record.Chains.Sum(c => c.WarmupDivergences));
    }

    [Theory]
    [InlineData(new[] { "--help" }, "bayesglmm [command] [options]")]
    [InlineData(new[] { "fit", "--help" }, "bayesglmm fit [<MODEL>] [options]")]
    [InlineData(new[] { "sbc", "--help" }, "bayesglmm sbc [<MODEL>] [command] [options]")]
    [InlineData(new[] { "sbc", "merge", "--help" }, "bayesglmm sbc merge <DIR>... [options]")]
    [InlineData(new[] { "summarize", "--help" }, "bayesglmm summarize <FILE>... [options]")]
    public void HelpNamesTheProgramBayesglmmAndEachCommandsOwnArguments(string[] args, string usage)
    {
        // Point 10.
        var run = CliRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:\n  " + usage + "\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("BayesGlmm.Cli", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", run.Output, StringComparison.Ordinal);
        if (args[0] == "sbc" && args[1] == "merge") Assert.DoesNotContain("MODEL", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuiltProgramsHelpNamesItBayesglmm()
    {
        using var dir = new ScratchDirectory();
        using var program = CliProcess.Start(dir.Path, "sbc", "merge", "--help");
        Assert.Equal(0, program.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.Contains("  bayesglmm sbc merge <DIR>... [options]", program.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BayesGlmm.Cli", program.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MODEL", program.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrintedSummaryShows95PercentIntervalsByDefaultAndTheProbabilityAsked()
    {
        // Point 11: brms's l-95% CI and u-95% CI (type-7 quantiles at 0.025 and 0.975); --prob 0.9 gives summary.csv's q5 and q95.
        using var dir = new ScratchDirectory();
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--chains", "2", "--warmup", "200", "--draws", "300",
            "--seed", "4", "--out", dir.File("es"), "--quiet", "--no-plots");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Estimate Est.Error l-95% CI u-95% CI Rhat Bulk_ESS Tail_ESS", run.Output, StringComparison.Ordinal);
        var draws = File.ReadAllLines(dir.File("es/draws.csv"));
        int column = Array.IndexOf(draws[0].Split(','), "b_Intercept");
        var values = draws.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).Order().ToArray();
        var (lower, upper) = Interval(run.Output, "Intercept");
        Assert.Equal(Type7(values, 0.025).ToString("F2", CultureInfo.InvariantCulture), lower);
        Assert.Equal(Type7(values, 0.975).ToString("F2", CultureInfo.InvariantCulture), upper);
        var summaryCsv = File.ReadAllLines(dir.File("es/summary.csv"));
        Assert.Equal("variable,mean,sd,q5,q50,q95,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat", summaryCsv[0]);

        var ninety = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--chains", "2", "--warmup", "200", "--draws", "300",
            "--seed", "4", "--out", dir.File("es90"), "--quiet", "--no-plots", "--prob", "0.9");
        Assert.True(ninety.ExitCode == 0, ninety.Error);
        Assert.Contains("l-90% CI u-90% CI", ninety.Output, StringComparison.Ordinal);
        var row = File.ReadAllLines(dir.File("es90/summary.csv")).Single(l => l.StartsWith("b_Intercept,", StringComparison.Ordinal)).Split(',');
        Assert.Equal((Number(row[3]), Number(row[5])), Interval(ninety.Output, "Intercept"));
    }

    private static string Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture);

    private static (string Lower, string Upper) Interval(string output, string label)
    {
        var line = output.ReplaceLineEndings("\n").Split('\n').First(l => l.StartsWith(label + " ", StringComparison.Ordinal));
        var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (cells[3], cells[4]);
    }

    private static double Type7(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    [GeneratedRegex(@"chain \d: done \d+/\d+ \(100%\), \d+ it/s, divergent: (\d+) in warmup, (\d+) after")]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"Sampler: (\d+) divergent transitions after warmup \((\d+) during warmup")]
    private static partial Regex SummaryLine();
}
