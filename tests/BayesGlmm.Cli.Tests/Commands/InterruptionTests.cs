using System.Runtime.InteropServices;

namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>
/// SIGTERM (what Slurm, Kubernetes, <c>docker stop</c> and systemd send before they kill) is handled as Ctrl-C: the real
/// program is started, signalled, and what it left on disk and its exit code are checked.
/// </summary>
public sealed class InterruptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public void SigtermStopsAFitThatWritesTheDrawsItMadeAndExits143()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.File("fit");
        using var run = CliProcess.Start(scratch.Path, "fit", Path.Combine(CliRun.ModelsDirectory, "sleepstudy.json"), "--out", dir,
            "--chains", "2", "--warmup", "200", "--draws", "500000", "--no-plots");
        // Both chains past warmup, so that each has draws and a chain file (a chain without draws has none).
        Assert.True(run.WaitUntil(() => run.Error.Contains("chain 1: sampling") && run.Error.Contains("chain 2: sampling"), Patience),
            "no sampling progress line of both chains:\n" + run.Error);

        run.Send(PosixSignal.SIGTERM);
        int code = run.WaitForExit(Patience);

        Assert.True(code == 143, $"exit code {code}\nstdout:\n{run.Output}\nstderr:\n{run.Error}");
        Assert.Contains("Interrupted (SIGTERM).", run.Error);
        Assert.DoesNotContain(": done ", run.Error); // no chain claims to have finished
        Assert.Contains("Output written to", run.Output);
        foreach (string name in new[] { "summary.csv", "draws.csv", "fit.json", "chain-1.csv", "chain-2.csv" })
            Assert.True(File.Exists(Path.Combine(dir, name)), name + " is missing");
        Assert.Matches("\"cancelled\": *true", File.ReadAllText(Path.Combine(dir, "fit.json")));
        for (int chain = 1; chain <= 2; chain++)
        {
            int draws = File.ReadLines(Path.Combine(dir, $"chain-{chain}.csv")).Count(l => l.Length > 0 && l[0] != '#') - 1;
            Assert.InRange(draws, 1, 499_999);
        }
        Assert.Empty(Directory.GetDirectories(scratch.Path, ".fit.partial-*"));
    }

    [Fact]
    public void SigtermStopsAStudyThatKeepsEveryFinishedSimulationAndResumes()
    {
        using var scratch = new ScratchDirectory();
        string interrupted = scratch.File("interrupted"), whole = scratch.File("whole");
        string[] Study(string dir) =>
            ["sbc", Path.Combine(CliRun.ModelsDirectory, "sbc_poisson.json"), "--sims", "60", "--chains", "2", "--warmup", "150",
                "--draws", "100", "--thin", "2", "--seed", "3", "--out", dir];
        string ranks = Path.Combine(interrupted, "ranks.csv");
        int Finished() => File.Exists(ranks) ? File.ReadLines(ranks).Count(l => l.Length > 0) - 1 : 0;

        using var run = CliProcess.Start(scratch.Path, Study(interrupted));
        Assert.True(run.WaitUntil(() => Finished() >= 2 * 3, Patience), "no simulation finished:\n" + run.Error); // 3 ranked variables each

        run.Send(PosixSignal.SIGTERM);
        int code = run.WaitForExit(Patience);

        Assert.True(code == 143, $"exit code {code}\nstdout:\n{run.Output}\nstderr:\n{run.Error}");
        Assert.Contains("Interrupted (SIGTERM).", run.Error);
        Assert.Matches("Interrupted after [0-9]+ simulations; continue with --resume", run.Output);
        Assert.False(File.Exists(Path.Combine(interrupted, "uniformity.csv")));
        var kept = RankRows(interrupted);
        Assert.InRange(kept.Count, 2 * 3, 59 * 3);

        var resumed = CliRun.Of([.. Study(interrupted), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
        var fresh = CliRun.Of(Study(whole));
        Assert.True(fresh.ExitCode == 0, fresh.Error + fresh.Output);
        var expected = RankRows(whole);
        Assert.Equal(60 * 3, expected.Count);
        Assert.All(kept, row => Assert.Contains(row, expected));
        Assert.Equal(expected, RankRows(interrupted));
    }

    [Fact]
    public void TheFirstSignalCancelsAndNamesTheExitCode()
    {
        var error = new StringWriter();
        using var sigterm = Interruption.Manual(error);
        sigterm.Cooperative = true;
        Assert.True(sigterm.Raise(PosixSignal.SIGTERM));
        Assert.True(sigterm.Token.IsCancellationRequested);
        Assert.Equal(143, sigterm.ExitCode);
        Assert.True(sigterm.Raise(PosixSignal.SIGTERM)); // a repeated SIGTERM is ignored
        Assert.False(sigterm.Raise(PosixSignal.SIGINT)); // Ctrl-C after it aborts
        Assert.Equal(143, sigterm.ExitCode);
        Assert.Equal("Interrupted (SIGTERM).", error.ToString().Trim());

        using var sigint = Interruption.Manual(TextWriter.Null);
        sigint.Cooperative = true;
        Assert.True(sigint.Raise(PosixSignal.SIGINT));
        Assert.Equal(130, sigint.ExitCode);
        Assert.False(sigint.Raise(PosixSignal.SIGINT)); // a second Ctrl-C aborts
    }

    [Fact]
    public void ACommandThatTakesNoTokenStopsAtOnce()
    {
        using var interruption = Interruption.Manual(TextWriter.Null);
        Assert.False(interruption.Raise(PosixSignal.SIGTERM));
        Assert.False(interruption.Token.IsCancellationRequested);
    }

    /// <summary>ranks.csv without its run-time column (the only one that differs between runs of the same simulation).</summary>
    private static List<string> RankRows(string dir) =>
        File.ReadLines(Path.Combine(dir, "ranks.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(f => string.Join(",", f.Take(9).Concat(f.Skip(10))))
            .ToList();
}
