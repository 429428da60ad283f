// End-to-end tests of the fit service on a model with a known posterior: files, numbers, atomicity, determinism.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Fitting;

public sealed class FitServiceTests
{
    private static readonly SamplerOptions Small = new() { Chains = 2, Warmup = 300, Draws = 400, Seed = 11, MaxDegreeOfParallelism = 2 };

    private static PreparedModel Prepared(IStatisticalModel model, string dataFile) => new()
    {
        Model = model,
        Name = "normals",
        Formula = "y ~ 1",
        Family = "gaussian(identity)",
        DataFile = dataFile,
        DataRows = 3,
        RowsUsed = 3,
        Priors = [new FitPriorRecord("b", "normal(0, 5)", false)],
    };

    private static (TempDirectory Dir, string Data) Setup()
    {
        var dir = new TempDirectory();
        string data = dir.File("data.csv");
        File.WriteAllText(data, "y\n1\n2\n3\n");
        return (dir, data);
    }

    [Fact]
    public void WritesEveryOutputFileAndTheChainFilesHoldTheDraws()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        var model = IndependentNormalModel.Default();
        string outDir = dir.File("out");
        var result = FitService.Run(Prepared(model, data), Small, new FitOutputOptions(outDir)
        {
            WriteExtras = fit => fit.Stages.Measure(FitStages.Names.Plots, () => File.WriteAllText(Path.Combine(fit.Directory!, "extra.txt"), "x")),
        });

        Assert.Equal(Path.GetFullPath(outDir), result.Directory);
        foreach (string f in new[] { "chain-1.csv", "chain-2.csv", "summary.csv", "draws.csv", "fit.json" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.DoesNotContain(Directory.GetDirectories(dir.Path), d => Path.GetFileName(d).StartsWith('.'));

        // Chain files read back to the very numbers kept in memory.
        var files = new[] { CmdStanCsvReader.Read(Path.Combine(outDir, "chain-1.csv")), CmdStanCsvReader.Read(Path.Combine(outDir, "chain-2.csv")) };
        var record = FitJson.Read(Path.Combine(outDir, "fit.json"));
        var back = CmdStanCsvReader.ToDraws(files, FitJson.ColumnNames(record));
        Assert.Equal(400, back.IterationCount);
        foreach (string name in model.OutputNames.Append("lp__"))
        {
            for (int c = 0; c < 2; c++)
            {
                double[] expected = result.Draws.Chain(result.Draws.IndexOf(name), c).ToArray();
                double[] actual = back.Chain(back.IndexOf(name), c).ToArray();
                Assert.Equal(expected, actual);
            }
        }
        Assert.Equal(["b_Intercept", "b_zBase_Trt1", "r_g.1.1", "r_g.2.1", "sd_g__Intercept"], files[0].Columns.Skip(7));
        Assert.Equal("400", files[0].Configuration["num_samples"]);
        Assert.Equal("2", files[1].Configuration["id"]);
        Assert.Equal(5, files[0].InverseMetric.Length);

        // fit.json: settings, data hash, timings, gradients, column map.
        Assert.Equal(11UL, record.Seed);
        Assert.Equal(64, record.Data.Sha256.Length);
        Assert.True(record.GradientEvaluations > 0);
        Assert.Equal(record.Chains.Sum(c => c.GradientEvaluations), record.GradientEvaluations);
        Assert.Equal(ProgramVersion.Current, record.Version);
        // The stages, the extras' included: fit.json is written after them.
        Assert.Equal([FitStages.Names.Sample, FitStages.Names.Summary, FitStages.Names.DrawsFiles, FitStages.Names.Plots], record.Stages.Select(x => x.Stage));
        Assert.All(record.Stages, x => Assert.True(x.Seconds >= 0 && x.CpuSeconds >= 0, x.Stage));
        Assert.True(record.Stages[0].CpuSeconds > 0);
        // The process's peak resident memory after each stage, positive where the platform reports it.
        if (OperatingSystem.IsLinux()) Assert.All(record.Stages, x => Assert.True(x.PeakResidentMb > 0, x.Stage));
        Assert.Equal(record.Stages, result.Record.Stages);
        var column = record.Columns.Single(c => c.Column == "r_g.1.1");
        Assert.Equal(("r_g[a b,Intercept]", "a b", "Intercept"), (column.Variable, column.Level, column.Coefficient));

        // summary.csv: documented header, brms names, every parameter and lp__.
        string[] summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.Equal(SummaryCsvWriter.Header, summary[0]);
        Assert.Equal(model.OutputNames.Select(DrawsCsvWriter.Quote).Append("lp__"), summary.Skip(1).Select(l => l.StartsWith('"') ? l[..(l.IndexOf('"', 1) + 1)] : l.Split(',')[0]));

        // draws.csv: posterior's draws_df layout, 800 rows.
        string[] drawsLines = File.ReadAllLines(Path.Combine(outDir, "draws.csv"));
        Assert.StartsWith(".chain,.iteration,.draw,b_Intercept,b_zBase:Trt1,\"r_g[a b,Intercept]\"", drawsLines[0], StringComparison.Ordinal);
        Assert.Equal(801, drawsLines.Length);
        Assert.StartsWith("2,400,800,", drawsLines[^1], StringComparison.Ordinal);
        Assert.Contains("Population-Level Effects:", result.SummaryText, StringComparison.Ordinal);
    }

    [Fact]
    public void PosteriorMeansMatchTheKnownTargetWithinMonteCarloError()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        var model = IndependentNormalModel.Default();
        var result = FitService.Run(Prepared(model, data), Small with { Draws = 1000 }, new FitOutputOptions(dir.File("out")));
        for (int i = 0; i < model.Means.Length; i++)
        {
            var row = result.Summary.Single(r => r.Variable == model.OutputNames[i]);
            Assert.True(Math.Abs(row.Mean - model.Means[i]) < 4.5 * row.McseMean, $"{row.Variable}: {row.Mean} vs {model.Means[i]} (mcse {row.McseMean})");
            Assert.True(Math.Abs(row.Sd / model.Sds[i] - 1) < 0.15, $"{row.Variable}: sd {row.Sd} vs {model.Sds[i]}");
        }
        Assert.DoesNotContain(result.Diagnostics.Warnings, w => w.Contains("divergent", StringComparison.Ordinal));
    }

    [Fact]
    public void SameSeedGivesTheSameDrawsWhateverTheThreads()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        var one = FitService.Run(Prepared(IndependentNormalModel.Default(), data), Small with { MaxDegreeOfParallelism = 1 }, new FitOutputOptions(dir.File("a")));
        var two = FitService.Run(Prepared(IndependentNormalModel.Default(), data), Small with { MaxDegreeOfParallelism = 2 }, new FitOutputOptions(dir.File("b")));
        string Rows(string d, int c) => string.Join("\n", File.ReadAllLines(Path.Combine(d, $"chain-{c}.csv")).Where(l => !l.StartsWith('#')));
        Assert.Equal(Rows(one.Directory!, 1), Rows(two.Directory!, 1));
        Assert.Equal(Rows(one.Directory!, 2), Rows(two.Directory!, 2));
    }

    [Fact]
    public void AnExistingDirectoryIsRefusedWithoutForceAndReplacedWithIt()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        string outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "old.txt"), "x");
        var e = Assert.Throws<InputException>(() => FitService.Run(Prepared(IndependentNormalModel.Default(), data), Small, new FitOutputOptions(outDir)));
        Assert.Contains("force", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "old.txt")));

        FitService.Run(Prepared(IndependentNormalModel.Default(), data), Small, new FitOutputOptions(outDir, Force: true));
        Assert.False(File.Exists(Path.Combine(outDir, "old.txt")));
        Assert.True(File.Exists(Path.Combine(outDir, "fit.json")));
        Assert.Single(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void AFailedRunLeavesNoDirectory()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        string outDir = dir.File("out");
        Assert.ThrowsAny<Exception>(() => FitService.Run(Prepared(IndependentNormalModel.Default(throwAfter: 500), data), Small, new FitOutputOptions(outDir)));
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void BadSettingsAreRefusedByNameBeforeAnyOutput()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        foreach (var (bad, name) in new[] { (Small with { Chains = 0 }, "Chains"), (Small with { Warmup = -1 }, "Warmup"), (Small with { Draws = 0 }, "Draws"),
                     (Small with { AdaptDelta = 1 }, "AdaptDelta"), (Small with { ThreadsPerChain = 0 }, "ThreadsPerChain"), (Small with { Warmup = int.MaxValue - 10, Draws = 100 }, "Draws") })
        {
            var e = Assert.Throws<SettingOutOfRangeException>(() => FitService.Run(Prepared(IndependentNormalModel.Default(), data), bad, new FitOutputOptions(dir.File("out"))));
            Assert.Equal(name, e.ParamName);
            Assert.StartsWith(name + " = ", e.Message, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void CancellationKeepsTheFinishedDraws()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAt(cancel, 500, Small.Chains);
        var result = FitService.Run(Prepared(IndependentNormalModel.Default(), data), Small with { Draws = 100000 }, new FitOutputOptions(dir.File("out")), progress, cancel.Token);
        Assert.True(result.Cancelled);
        Assert.True(result.Record.Cancelled);
        // The chain whose progress cancelled the run stopped early. (Under load another chain may have finished
        // every draw first, and the summary's block may then be that chain alone, of full length.)
        Assert.Contains(result.Record.Chains, c => c.Draws is >= 1 and < 100000);
        var file = CmdStanCsvReader.Read(Path.Combine(result.Directory!, "chain-1.csv"));
        Assert.Equal(file.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture), file.Configuration["num_samples"]);
        // Chain 1's file holds every draw it made (the summary's block may leave a shorter chain out).
        Assert.Equal(result.Record.Chains[0].Draws, file.RowCount);
    }

    [Fact]
    public void CancellingWithMoreChainsThanThreadsKeepsTheDrawsOfTheChainsThatRan()
    {
        // Four chains on two threads, cancelled when the first chain has 300 draws: at most two chains have started.
        var (dir, data) = Setup();
        using var _ = dir;
        using var cancel = new CancellationTokenSource();
        var settings = Small with { Chains = 4, MaxDegreeOfParallelism = 2, Draws = 100000 };
        var result = FitService.Run(Prepared(IndependentNormalModel.Default(), data), settings, new FitOutputOptions(dir.File("out")),
            new CancelAt(cancel, 300, 1), cancel.Token);

        Assert.True(result.Cancelled);
        var chains = result.Record.Chains;
        var ran = chains.Where(c => c.Draws > 0).ToArray();
        Assert.InRange(ran.Length, 1, 2);
        Assert.All(ran, c => Assert.Equal(ChainStatus.StoppedInSampling, c.Status));
        Assert.All(ran, c => Assert.InRange(c.Draws, 1, 99999));
        Assert.Contains(ran, c => c.Draws >= 300);
        Assert.All(chains.Except(ran), c => Assert.Contains(c.Status, new[] { ChainStatus.NotStarted, ChainStatus.StoppedInWarmup }));
        Assert.True(chains.Count(c => c.Status == ChainStatus.NotStarted) >= 2);
        Assert.All(chains.Except(ran), c => Assert.Equal("", c.File));

        // Every draw made is on disk: a chain file per chain that made draws (none for the others), and all of them in draws.csv.
        foreach (var c in chains)
            Assert.Equal(c.Draws > 0, File.Exists(Path.Combine(result.Directory!, $"chain-{c.Chain}.csv")));
        foreach (var c in ran)
            Assert.Equal(c.Draws, CmdStanCsvReader.Read(Path.Combine(result.Directory!, c.File)).RowCount);
        Assert.Equal(1 + ran.Sum(c => c.Draws), File.ReadAllLines(Path.Combine(result.Directory!, "draws.csv")).Length);
        var saved = FitJson.Read(Path.Combine(result.Directory!, "fit.json"));
        Assert.Equal(chains.Select(c => (c.Status, c.Draws)), saved.Chains.Select(c => (c.Status, c.Draws)));

        // The summary uses the largest equal-length block of the chains that ran; the text says where every chain stopped.
        var (block, length) = BayesGlmm.Diagnostics.EqualLengthChains.Largest(chains.Select(c => c.Draws).ToArray());
        Assert.Equal(block.Select(c => c + 1), saved.SummaryChains);
        Assert.Equal(length, saved.SummaryDrawsPerChain);
        Assert.Equal((block.Length, length), (result.Draws.ChainCount, result.Draws.IterationCount));
        Assert.Equal(block.Select(c => c + 1), result.Diagnostics.Chains.Select(c => c.Chain));
        Assert.Contains($"chain {chains.First(c => c.Status == ChainStatus.NotStarted).Chain}: not started, no draws", result.SummaryText, StringComparison.Ordinal);
        Assert.Contains(block.Length == 2
            ? $"The summary uses chains {block[0] + 1} and {block[1] + 1}, the first {length} draws of each"
            : $"The summary uses chain {block[0] + 1}, its first {length} draws", result.SummaryText, StringComparison.Ordinal);

        // Read back, the directory gives the same summary.
        var loaded = FitDirectory.Load(result.Directory!);
        Assert.Equal(result.Summary, loaded.Summary);
        Assert.Equal(chains.Select(c => c.Draws), loaded.Record.Chains.Select(c => c.Draws));
    }

    [Fact]
    public void CancellingBeforeAnyDrawSaysWhereTheChainsStoppedAndWritesNothing()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        using var cancel = new CancellationTokenSource();
        var e = Assert.Throws<OperationCanceledException>(() => FitService.Run(Prepared(IndependentNormalModel.Default(), data),
            Small with { Warmup = 100000 }, new FitOutputOptions(dir.File("out")), new CancelInWarmup(cancel, 50), cancel.Token));
        Assert.Contains("before any draw was made", e.Message, StringComparison.Ordinal);
        Assert.Contains("chain 1: stopped in warmup at iteration", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(dir.Path), p => !p.EndsWith("data.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void DrawsThatWouldNotFitInMemoryAreRefusedUpFrontWithTheSize()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        int draws = (int)Math.Min(int.MaxValue - 1000L, 2 * available / (8L * 4 * 30));
        var e = Assert.Throws<InputException>(() => FitService.Run(Prepared(IndependentNormalModel.Default(), data),
            Small with { Chains = 4, Draws = draws }, new FitOutputOptions(dir.File("out"))));
        Assert.Contains("The draws would need about", e.Message, StringComparison.Ordinal);
        Assert.Contains("of memory", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(dir.Path));

        var disk = new RunSize(Chains: 1_000_000, Draws: 1_000_000_000, Dimension: 1, Outputs: 10);
        var full = Assert.Throws<InputException>(() => disk.CheckDisk(dir.Path));
        Assert.Contains("on disk", full.Message, StringComparison.Ordinal);
        Assert.Matches(@"up to [\d.]+ [kMGTPE]?B", full.Message);
    }

    /// <summary>Cancels once chain 1 has made <c>iteration</c> warmup iterations.</summary>
    private sealed class CancelInWarmup(CancellationTokenSource source, int iteration) : IProgress<FitProgress>
    {
        public void Report(FitProgress value)
        {
            if (value.Chain == 0 && value.Iteration >= iteration) source.Cancel();
        }
    }

    /// <summary>Cancels once every chain has made <c>iteration</c> draws after warmup (chains run in parallel at their own pace).</summary>
    private sealed class CancelAt(CancellationTokenSource source, int iteration, int chains) : IProgress<FitProgress>
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _past = new();

        public void Report(FitProgress value)
        {
            if (value.Iteration >= value.WarmupIterations + iteration) _past[value.Chain] = true;
            if (_past.Count >= chains) source.Cancel();
        }
    }
}
