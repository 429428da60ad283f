// End-to-end tests of the fit service on a model with a known posterior: files, numbers, atomicity, determinism.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;

namespace BayesGlmm.Tests.Fitting;

public sealed class FitServiceTests
{
    private static readonly FitSettings Small = new() { Chains = 2, Warmup = 300, Draws = 400, Seed = 11, MaxDegreeOfParallelism = 2 };

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
            WriteExtras = (fit, _) => fit.Stages.Measure(FitStages.Names.Plots, () => File.WriteAllText(Path.Combine(fit.Directory, "extra.txt"), "x")),
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
        Assert.Equal([FitStages.Names.Sample, FitStages.Names.DrawsFiles, FitStages.Names.Summary, FitStages.Names.Plots], record.Stages.Select(x => x.Stage));
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
        Assert.Equal(Rows(one.Directory, 1), Rows(two.Directory, 1));
        Assert.Equal(Rows(one.Directory, 2), Rows(two.Directory, 2));
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
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);
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
    public void BadSettingsAreInputErrorsBeforeAnyOutput()
    {
        var (dir, data) = Setup();
        using var _ = dir;
        foreach (var bad in new[] { Small with { Chains = 0 }, Small with { Warmup = 0 }, Small with { Draws = -1 }, Small with { AdaptDelta = 1 } })
        {
            Assert.Throws<InputException>(() => FitService.Run(Prepared(IndependentNormalModel.Default(), data), bad, new FitOutputOptions(dir.File("out"))));
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
        Assert.InRange(result.Draws.IterationCount, 1, 99999);
        var file = CmdStanCsvReader.Read(Path.Combine(result.Directory, "chain-1.csv"));
        Assert.Equal(file.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture), file.Configuration["num_samples"]);
        Assert.True(file.RowCount >= result.Draws.IterationCount);
    }

    /// <summary>Cancels once every chain has made <c>iteration</c> draws after warmup (chains run in parallel at their own pace).</summary>
    private sealed class CancelAt(CancellationTokenSource source, int iteration, int chains) : IProgress<BayesGlmm.Sampling.ChainProgress>
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _past = new();

        public void Report(BayesGlmm.Sampling.ChainProgress value)
        {
            if (value.Iteration >= value.WarmupIterations + iteration) _past[value.Chain] = true;
            if (_past.Count >= chains) source.Cancel();
        }
    }
}
