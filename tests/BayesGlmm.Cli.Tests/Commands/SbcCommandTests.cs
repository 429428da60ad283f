namespace BayesGlmm.Cli.Tests.Commands;

public sealed class SbcCommandTests
{
    private static string[] SmallStudy(string model, string outDir, params string[] extra) =>
        ["sbc", Path.Combine(CliRun.ModelsDirectory, model), "--sims", "6", "--chains", "2", "--warmup", "150", "--draws", "100",
            "--thin", "2", "--out", outDir, .. extra];

    [Fact]
    public void ASmallStudyWritesRanksUniformityPlotsAndReport()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.File("study");
        var run = CliRun.Of(SmallStudy("sbc_poisson.json", dir));
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        string ranks = File.ReadAllText(Path.Combine(dir, "ranks.csv"));
        Assert.StartsWith("sim,variable,rank,max_rank", ranks);
        Assert.Contains("b_Intercept", ranks);
        Assert.Contains("sd_g__Intercept", ranks);
        var uniformity = File.ReadAllLines(Path.Combine(dir, "uniformity.csv"));
        Assert.StartsWith("variable,p_value,verdict", uniformity[0]);
        Assert.Equal(4, uniformity.Length); // b_Intercept, b_x, sd_g__Intercept
        Assert.All(uniformity.Skip(1), line => Assert.Matches(",(ok|miscalibrated)(,|$)", line));
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "plots"), "ecdf_diff_*.svg"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "plots"), "rank_hist_*.svg"));
        Assert.Contains("verdict", run.Output);
    }

    [Fact]
    public void ShardsMergeIntoTheWholeStudy()
    {
        using var scratch = new ScratchDirectory();
        string whole = scratch.File("whole"), a = scratch.File("a"), b = scratch.File("b"), merged = scratch.File("merged");
        Assert.Equal(0, CliRun.Of(SmallStudy("sbc_poisson.json", whole)).ExitCode);
        Assert.Equal(0, CliRun.Of(SmallStudy("sbc_poisson.json", a, "--shard", "0/2")).ExitCode);
        Assert.Equal(0, CliRun.Of(SmallStudy("sbc_poisson.json", b, "--shard", "1/2")).ExitCode);
        var run = CliRun.Of("sbc", "merge", a, b, "--out", merged);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        string Ranks(string dir) => string.Join("\n", File.ReadAllLines(Path.Combine(dir, "ranks.csv"))
            .Select(l => string.Join(",", l.Split(',').Take(4))));
        Assert.Equal(Ranks(whole), Ranks(merged));
    }

    [Fact]
    public void ABadShardIsABadInputError()
    {
        using var scratch = new ScratchDirectory();
        var run = CliRun.Of(SmallStudy("sbc_poisson.json", scratch.File("x"), "--shard", "3/2"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--shard", run.Error);
    }
}
