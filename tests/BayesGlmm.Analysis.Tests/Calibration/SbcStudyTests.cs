using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Tests.Calibration;

/// <summary>One uninterrupted study of the conjugate normal model, shared by the tests that compare against it.</summary>
public sealed class ConjugateStudyFixture : IDisposable
{
    public ConjugateStudyFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "sbc-study-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Full = NewStudy(Options).Run(Path.Combine(Root, "full"));
    }

    public string Root { get; }

    public SbcStudyResult Full { get; }

    public static SbcOptions Options { get; } = new()
    {
        Simulations = 40,
        Seed = 20261123,
        Sampler = new SamplerOptions { Chains = 2, Warmup = 150, Draws = 200 },
        Thin = 5,
        MaxParallelFits = 2,
    };

    public static SbcStudy NewStudy(SbcOptions options) =>
        new(ConjugateNormalModel.Create(8), options, description: new Dictionary<string, string> { ["name"] = "conjugate normal, 8 observations" });

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed class SbcStudyTests(ConjugateStudyFixture fixture) : IClassFixture<ConjugateStudyFixture>
{
    private sealed class CancelAfter(int count, CancellationTokenSource source) : IProgress<SbcProgress>
    {
        public void Report(SbcProgress value)
        {
            if (value.Completed >= count) source.Cancel();
        }
    }

    private static IEnumerable<string> Key(IEnumerable<SbcSimulationResult> results) =>
        results.SelectMany(r => r.Ranks.Select(x =>
            $"{r.Simulation}|{x.Variable}|{x.Rank}|{x.MaxRank}|{r.Seed}|{r.MaxRhat:R}|{r.MinEssBulk:R}|{r.MinEssTail:R}|{r.Divergences}|{r.HasProblems}"));

    [Fact]
    public void SmallStudyRunsEndToEndAndPassesUniformity()
    {
        var full = fixture.Full;
        Assert.False(full.Cancelled);
        Assert.Equal(Enumerable.Range(1, 40), full.Simulations.Select(s => s.Simulation));
        Assert.All(full.Simulations, s =>
        {
            Assert.Null(s.Error);
            Assert.Equal(new[] { "b_Intercept", "b_x" }, s.Ranks.Select(r => r.Variable));
            Assert.All(s.Ranks, r => Assert.Equal(79, r.MaxRank));
            Assert.All(s.Ranks, r => Assert.InRange(r.Rank!.Value, 0, 79));
            Assert.True(s.MaxRhat < 1.1);
        });

        // The files say the same as the result.
        var onDisk = RanksFile.Read(Path.Combine(full.Directory, RanksFile.FileName), 2);
        Assert.Equal(Key(full.Simulations), Key(onDisk));
        string[] uniformity = File.ReadAllLines(Path.Combine(full.Directory, UniformityTable.FileName));
        Assert.StartsWith("variable,p_value,verdict", uniformity[0]);
        Assert.Equal(3, uniformity.Length);
        // A calibrated model: every quantity's p-value is far from the extreme (P(p < 0.001) = 0.001 each),
        // and the verdict agrees with the band.
        Assert.Equal(new[] { "b_Intercept", "b_x" }, full.Uniformity.Select(u => u.Variable));
        Assert.All(full.Uniformity, row =>
        {
            Assert.InRange(row.Result.PValue, 0.001, 1.0);
            Assert.Equal(row.Result.OutsideCount > 0, row.Result.Verdict == CalibrationVerdict.Miscalibrated);
        });
    }

    [Fact]
    public void SimulationIsReproducibleAlone()
    {
        var study = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options with { MaxParallelFits = 1 });
        var again = study.Simulation.Run(17)!;
        Assert.Equal(Key([fixture.Full.Simulations[16]]), Key([again]));
    }

    [Fact]
    public void InterruptedStudyResumedGivesTheSameRanks()
    {
        string dir = Path.Combine(fixture.Root, "interrupted");
        using var cancel = new CancellationTokenSource();
        var first = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options)
            .Run(dir, progress: new CancelAfter(12, cancel), cancellationToken: cancel.Token);
        Assert.True(first.Cancelled);
        Assert.InRange(first.Simulations.Count, 12, 39);
        Assert.False(File.Exists(Path.Combine(dir, UniformityTable.FileName)));

        Assert.Throws<InvalidOperationException>(() => ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options).Run(dir));
        var resumed = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options).Run(dir, resume: true);

        Assert.False(resumed.Cancelled);
        Assert.Equal(Key(fixture.Full.Simulations), Key(resumed.Simulations));
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.Full.Directory, UniformityTable.FileName)),
            File.ReadAllText(Path.Combine(dir, UniformityTable.FileName)));
    }

    [Fact]
    public void ResumeRefusesADifferentStudy()
    {
        string dir = Path.Combine(fixture.Root, "different");
        var options = ConjugateStudyFixture.Options with { Simulations = 2 };
        ConjugateStudyFixture.NewStudy(options).Run(dir);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ConjugateStudyFixture.NewStudy(options with { Thin = 4 }).Run(dir, resume: true));
        Assert.Contains("different study", ex.Message);
    }

    [Fact]
    public void ShardedRunsMergedEqualTheUnshardedStudy()
    {
        var dirs = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string dir = Path.Combine(fixture.Root, $"shard{i}");
            var shard = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options with { Shard = new ShardSpec(i, 3), MaxParallelFits = 1 }).Run(dir);
            Assert.All(shard.Simulations, s => Assert.Equal(i, s.Simulation % 3));
            dirs.Add(dir);
        }
        string merged = Path.Combine(fixture.Root, "merged");
        var result = SbcStudy.Merge(dirs, merged);

        Assert.Equal(Key(fixture.Full.Simulations), Key(result.Simulations));
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.Full.Directory, UniformityTable.FileName)),
            File.ReadAllText(Path.Combine(merged, UniformityTable.FileName)));
        Assert.Equal(SbcManifest.Read(Path.Combine(fixture.Full.Directory, SbcManifest.FileName)).Shard,
            SbcManifest.Read(Path.Combine(merged, SbcManifest.FileName)).Shard);
    }

    [Fact]
    public void MergeRefusesMissingRepeatedOrUnfinishedShardsUnlessPartial()
    {
        string Shard(string name, int i, int n, int? stopAfter = null)
        {
            string dir = Path.Combine(fixture.Root, name);
            using var cancel = new CancellationTokenSource();
            var options = ConjugateStudyFixture.Options with { Shard = new ShardSpec(i, n), MaxParallelFits = 1 };
            ConjugateStudyFixture.NewStudy(options).Run(dir, progress: stopAfter is int k ? new CancelAfter(k, cancel) : null, cancellationToken: cancel.Token);
            return dir;
        }
        string a = Shard("merge-a", 0, 2), b = Shard("merge-b", 1, 2), unfinished = Shard("merge-b-unfinished", 1, 2, stopAfter: 3);
        string Out(string name) => Path.Combine(fixture.Root, name);

        var missing = Assert.Throws<IncompleteStudyException>(() => SbcStudy.Merge([a], Out("m-missing")));
        Assert.Equal(["shard 1/2 is missing"], missing.Problems);
        Assert.Contains("not the whole study of 40 simulations", missing.Message);
        Assert.False(Directory.Exists(Out("m-missing")));

        var twice = Assert.Throws<IncompleteStudyException>(() => SbcStudy.Merge([a, a, b], Out("m-twice")));
        Assert.Equal([$"shard 0/2 is given 2 times ({a}, {a})"], twice.Problems);

        int finished = RanksFile.Read(Path.Combine(unfinished, RanksFile.FileName), 2).Count;
        var cut = Assert.Throws<IncompleteStudyException>(() => SbcStudy.Merge([a, unfinished], Out("m-cut")));
        Assert.Equal([$"shard 1/2 in {unfinished} has {finished} of its 20 simulations (resume it to finish)"], cut.Problems);

        var partial = SbcStudy.Merge([a], Out("m-partial"), partial: true);
        Assert.Equal(20, partial.Simulations.Count);
        Assert.StartsWith("A partial merge: 20 of the study's 40 simulations (shard 1/2 is missing)", partial.Warnings[0]);
        Assert.Equal(Key(fixture.Full.Simulations), Key(SbcStudy.Merge([a, b], Out("m-whole")).Simulations));
    }

    [Fact]
    public void ResumeExtendsAStudyToMoreSimulationsButDoesNotShrinkIt()
    {
        string dir = Path.Combine(fixture.Root, "extended");
        var small = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options with { Simulations = 25 }).Run(dir);
        Assert.Equal(25, small.Simulations.Count);
        var extended = ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options).Run(dir, resume: true);
        Assert.Equal(Key(fixture.Full.Simulations), Key(extended.Simulations));
        Assert.Equal(40, SbcManifest.Read(Path.Combine(dir, SbcManifest.FileName)).Simulations);
        var shrink = Assert.Throws<InvalidOperationException>(() =>
            ConjugateStudyFixture.NewStudy(ConjugateStudyFixture.Options with { Simulations = 30 }).Run(dir, resume: true));
        Assert.Contains("a resume can extend a study, not shrink it", shrink.Message);
    }

    [Fact]
    public void AGeneratingPriorTwiceAsWideIsDetected()
    {
        // Two observations, so the prior matters: truth from N(0, 2²) and fits under N(0, 1).
        var model = ConjugateNormalModel.Create(2, s0: 1.0, s1: 1.0);
        var generator = model.WithPriorScales(2.0, 2.0);
        var options = ConjugateStudyFixture.Options with { Simulations = 200 };
        var result = new SbcStudy(model, options, generator).Run(Path.Combine(fixture.Root, "wide-prior"));

        Assert.All(result.Uniformity, row =>
        {
            Assert.Equal(CalibrationVerdict.Miscalibrated, row.Result.Verdict);
            Assert.True(row.Result.PValue < 0.01, $"{row.Variable}: p = {row.Result.PValue}");
        });
    }

    [Fact]
    public void FailedFitsAreKeptWithTheirErrorAndNoRanks()
    {
        var broken = new ConjugateNormalModel([0.0, 1.0], [0.0, 0.0]) { Broken = true };
        var result = new SbcStudy(broken, ConjugateStudyFixture.Options with { Simulations = 3 })
            .Run(Path.Combine(fixture.Root, "broken"));

        Assert.Equal(3, result.Simulations.Count);
        Assert.All(result.Simulations, s =>
        {
            Assert.NotNull(s.Error);
            Assert.True(s.HasProblems);
            Assert.All(s.Ranks, r => Assert.Null(r.Rank));
        });
        Assert.Empty(result.Uniformity);
        Assert.Contains(result.Warnings, w => w.Contains("failed", StringComparison.Ordinal));
        var onDisk = RanksFile.Read(Path.Combine(result.Directory, RanksFile.FileName), 2);
        Assert.Equal(result.Simulations.Select(s => s.Error), onDisk.Select(s => s.Error));
    }

    [Fact]
    public void RandomEffectsAreRankedOnlyWhenAsked()
    {
        var options = ConjugateStudyFixture.Options with { Simulations = 1, IncludeRandomEffects = true };
        var study = ConjugateStudyFixture.NewStudy(options);
        Assert.Equal(new[] { "b_Intercept", "b_x", "r_g[1,Intercept]" }, study.Simulation.RankedVariables);
        // r_g is 0 in every draw and in the truth: all draws tie, so its rank is drawn from 0..max_rank.
        var ranks = Enumerable.Range(1, 30).Select(k => study.Simulation.Run(k)!.Ranks[2].Rank!.Value).ToArray();
        Assert.All(ranks, r => Assert.InRange(r, 0, 79));
        Assert.True(ranks.Distinct().Count() > 10);
        Assert.Equal(new[] { "b_Intercept", "b_x" }, ConjugateStudyFixture.NewStudy(options with { IncludeRandomEffects = false }).Simulation.RankedVariables);
    }
}
