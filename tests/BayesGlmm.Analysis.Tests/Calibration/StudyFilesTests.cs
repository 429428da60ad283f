using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class StudyFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sbc-files-" + Guid.NewGuid().ToString("N"));

    public StudyFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SbcSimulationResult Simulation(int k, bool failed = false) => new(
        k, (ulong)(1000 + k),
        [new SimulationRank("b_Intercept", failed ? null : k % 40, 39), new SimulationRank("r_g[a \"x\",Intercept]", failed ? null : 39 - k % 40, 39)],
        1.003, 250.5, double.NaN, k % 3, TimeSpan.FromSeconds(0.25), k % 3 != 0, failed ? "no finite start, after 100 tries" : null);

    [Fact]
    public void RanksFileRoundTripsAndDropsATornLastSimulation()
    {
        string path = Path.Combine(_dir, RanksFile.FileName);
        RanksFile.WriteAll(path, [Simulation(2), Simulation(1), Simulation(3, failed: true)]);
        string torn = RanksFile.Format(Simulation(4));
        File.AppendAllText(path, torn[..(torn.IndexOf('\n') + 5)]);

        var read = RanksFile.Read(path, variableCount: 2);

        Assert.Equal(new[] { 1, 2, 3 }, read.Select(r => r.Simulation));
        var expected = Simulation(2);
        var got = read[1];
        Assert.Equal(expected.Seed, got.Seed);
        Assert.Equal(expected.Ranks, got.Ranks);
        Assert.Equal(expected.MaxRhat, got.MaxRhat);
        Assert.Equal(expected.MinEssBulk, got.MinEssBulk);
        Assert.True(double.IsNaN(got.MinEssTail));
        Assert.Equal(expected.Divergences, got.Divergences);
        Assert.Equal(expected.HasProblems, got.HasProblems);
        Assert.Equal("no finite start, after 100 tries", read[2].Error);
        Assert.Null(read[2].Ranks[0].Rank);
    }

    [Fact]
    public void ShardsSplitTheSimulationsByRemainder()
    {
        var shard = ShardSpec.Parse("1/3");
        Assert.Equal(new[] { 1, 4, 7, 10 }, Enumerable.Range(1, 10).Where(shard.Includes));
        Assert.Equal("1/3", shard.ToString());
        Assert.Throws<FormatException>(() => ShardSpec.Parse("3/3"));
        Assert.Throws<FormatException>(() => ShardSpec.Parse("a/b"));
    }

    [Fact]
    public void ManifestRoundTripsAndComparesIgnoringTheShard()
    {
        var m = new SbcManifest
        {
            Seed = 7, Simulations = 100, Shard = "0/2", Variables = ["a", "b"],
            Settings = new Dictionary<string, string> { ["thin"] = "10", ["chains"] = "4" },
        };
        string path = Path.Combine(_dir, SbcManifest.FileName);
        m.Write(path);
        var back = SbcManifest.Read(path);
        Assert.True(back.SameStudyAs(m with { Shard = "1/2" }));
        var other = m with { Settings = new Dictionary<string, string> { ["thin"] = "5", ["chains"] = "4" } };
        Assert.False(back.SameStudyAs(other));
        Assert.Equal("thin 10 vs 5", back.DescribeDifference(other));
    }
}
