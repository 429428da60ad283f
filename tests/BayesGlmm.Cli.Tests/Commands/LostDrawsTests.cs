// Ctrl-C and a kill outright, sent to the real program: what it keeps on disk and what the next commands say about it.
using System.Runtime.InteropServices;
using BayesGlmm.Output;

namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>
/// Each test starts <c>bayesglmm fit</c> as a process with far more draws than it will make, waits until the chain
/// files in its hidden output directory hold draws, sends a signal, and checks the files left.
/// </summary>
public sealed class LostDrawsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static string[] FitArguments(string outDirectory, int chains, int threads) =>
    [
        "fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDirectory, "--chains", chains.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--warmup", "100", "--draws", "1000000", "--no-plots", "--seed", "5",
    ];

    /// <summary>How many chain files in the hidden directory being built for <paramref name="outDirectory"/> hold at least <paramref name="rows"/> draws.</summary>
    private static int ChainsWith(string outDirectory, int rows)
    {
        var partial = OutputDirectory.PartialSiblings(outDirectory).SingleOrDefault();
        if (partial is null || !Directory.Exists(partial)) return 0;
        return Directory.GetFiles(partial, "chain-*.csv").Count(f => PartialOutputs.CountRows(f) >= rows);
    }

    [Fact]
    public void CtrlCWithMoreChainsThanThreadsWritesTheDrawsOfTheChainsThatRan()
    {
        // Issue 15, point 4: four chains on two threads; two of them have not started when Ctrl-C comes.
        using var dir = new ScratchDirectory();
        string outDirectory = dir.File("es");
        using var program = CliProcess.Start(dir.Path, FitArguments(outDirectory, chains: 4, threads: 2));
        Assert.True(program.WaitUntil(() => ChainsWith(outDirectory, 50) == 2, Patience), "two chains did not make 50 draws:\n" + program.Error);
        program.Send(PosixSignal.SIGINT);
        int exit = program.WaitForExit(Patience);
        string output = program.Output, error = program.Error;

        Assert.True(exit == 130, $"exit {exit}\n{error}");
        Assert.Contains("Interrupted (Ctrl-C", error, StringComparison.Ordinal);
        Assert.Contains("Interrupted: the output holds the draws made before the interruption.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("no output was written", error + output, StringComparison.Ordinal);
        Assert.Empty(OutputDirectory.PartialSiblings(outDirectory));

        var record = FitJson.Read(Path.Combine(outDirectory, "fit.json"));
        Assert.True(record.Cancelled);
        var ran = record.Chains.Where(c => c.Draws > 0).ToArray();
        Assert.Equal(2, ran.Length);
        Assert.All(ran, c => Assert.True(c.Draws >= 50 && c.Status == ChainStatus.StoppedInSampling, $"{c.Chain}: {c.Status}, {c.Draws}"));
        Assert.All(record.Chains.Except(ran), c => Assert.Equal(ChainStatus.NotStarted, c.Status));
        foreach (var c in record.Chains)
            Assert.Equal(c.Draws > 0, File.Exists(Path.Combine(outDirectory, $"chain-{c.Chain}.csv")));
        foreach (var c in ran)
            Assert.Equal(c.Draws, CmdStanCsvReader.Read(Path.Combine(outDirectory, c.File)).RowCount);
        Assert.Equal(1 + ran.Sum(c => c.Draws), File.ReadAllLines(Path.Combine(outDirectory, "draws.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDirectory, "summary.csv")));
        Assert.Equal(ran.Select(c => c.Chain), record.SummaryChains);
        Assert.Equal(ran.Min(c => c.Draws), record.SummaryDrawsPerChain);

        Assert.Contains("Interrupted: chain 1:", output, StringComparison.Ordinal);
        Assert.Contains("not started, no draws", output, StringComparison.Ordinal);
        Assert.Contains($"The summary uses chains {ran[0].Chain} and {ran[1].Chain}, the first {record.SummaryDrawsPerChain} draws of each", output, StringComparison.Ordinal);
        Assert.Contains("Population-Level Effects:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AKilledRunsDrawsAreFoundByTheNextFitAndBySummarize()
    {
        // Issue 15, point 6: SIGKILL leaves the hidden .NAME.partial-* directory with the draws streamed so far.
        using var dir = new ScratchDirectory();
        string outDirectory = dir.File("es");
        using (var program = CliProcess.Start(dir.Path, FitArguments(outDirectory, chains: 2, threads: 2)))
        {
            Assert.True(program.WaitUntil(() => ChainsWith(outDirectory, 40) == 2, Patience), "the chains did not make 40 draws:\n" + program.Error);
            program.KillOutright();
            Assert.Equal(128 + 9, program.WaitForExit(Patience)); // SIGKILL
        }
        Assert.False(Directory.Exists(outDirectory));
        string partial = Assert.Single(OutputDirectory.PartialSiblings(outDirectory));
        var left = PartialOutputs.Inspect(partial);
        Assert.Null(left.RunningProcess);
        Assert.True(left.Draws >= 80, $"{left.Draws} draws");

        // summarize reads the hidden directory: every complete row, and it says what the directory is.
        var summary = CliRun.Of("summarize", partial);
        Assert.True(summary.ExitCode == 0, summary.Error);
        Assert.Contains("b_Intercept", summary.Output, StringComparison.Ordinal);
        Assert.Contains("is the hidden directory of a fit to", summary.Output, StringComparison.Ordinal);
        Assert.Contains("did not finish", summary.Output, StringComparison.Ordinal);

        // The next fit to the same output says it is there, with its draws and how to use it, and keeps it.
        var next = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDirectory,
            "--chains", "1", "--warmup", "50", "--draws", "50", "--quiet", "--no-plots");
        Assert.True(next.ExitCode == 0, next.Error);
        int draws = PartialOutputs.Inspect(partial).Draws;
        Assert.Contains($"Note: {partial} holds {draws:N0} draws of an earlier fit to {outDirectory} that did not finish", next.Error, StringComparison.Ordinal);
        Assert.Contains($"bayesglmm summarize {partial}", next.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(partial));

        // summarize on the new fit's files mentions the leftover too.
        var again = CliRun.Of("summarize", Path.Combine(outDirectory, "chain-1.csv"));
        Assert.Contains($"{partial} holds {draws:N0} draws", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunKilledBeforeItsFirstDrawLeavesNothingThatPilesUp()
    {
        // Issue 15, point 6: a hidden directory without a draw is removed by the next fit to the same output, which says so.
        using var dir = new ScratchDirectory();
        string outDirectory = dir.File("es");
        using (var program = CliProcess.Start(dir.Path, "fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDirectory,
                   "--warmup", "100000000", "--draws", "10", "--no-plots"))
        {
            Assert.True(program.WaitUntil(() => OutputDirectory.PartialSiblings(outDirectory) is [var p] && PartialOutputs.Inspect(p).RunningProcess is not null, Patience),
                "the hidden directory did not appear:\n" + program.Error);
            program.KillOutright();
            program.WaitForExit(Patience);
        }
        string partial = Assert.Single(OutputDirectory.PartialSiblings(outDirectory));
        Assert.Equal(0, PartialOutputs.Inspect(partial).Draws);

        var next = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDirectory,
            "--chains", "1", "--warmup", "50", "--draws", "50", "--quiet", "--no-plots");
        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains($"Note: removed {partial}, left by an earlier fit to {outDirectory} that stopped before its first draw.", next.Error, StringComparison.Ordinal);
        Assert.Empty(OutputDirectory.PartialSiblings(outDirectory));
    }
}
