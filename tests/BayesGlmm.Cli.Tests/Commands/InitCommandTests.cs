// `--init random|estimate|mode` on fit and sbc, the model file's "init", what fit.json records, and the refusal of models the estimate cannot start.
namespace BayesGlmm.Cli.Tests.Commands;

public sealed class InitCommandTests
{
    /// <summary>A fit of Student-t herd effects on cbpp (a model the estimate does not cover) started by <paramref name="init"/>.</summary>
    private static string[] StudentCbpp(string init, params string[] extra) =>
    [
        "fit", "--data", Path.Combine(CliRun.ModelsDirectory, "cbpp.csv"), "--formula",
        "incidence | trials(size) ~ period + (1 | gr(herd, dist = \"student\"))", "--family", "binomial", "--factor", "period",
        "--init", init, .. extra,
    ];

    [Fact]
    public void FitStartedFromTheEstimateRecordsItInFitJson()
    {
        using var scratch = new ScratchDirectory();
        string output = scratch.File("out");
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "cbpp.json"), "--init", "estimate", "--chains", "2", "--warmup", "200",
            "--draws", "200", "--quiet", "--no-plots", "--out", output);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Inits: each chain at its own point around the marginal point estimate", run.Output);
        string json = File.ReadAllText(Path.Combine(output, "fit.json"));
        Assert.Contains("\"init\": \"estimate\"", json);
        Assert.Contains("\"estimate\"", json[json.IndexOf("\"stages\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void ModelFileInitRoundTripsThroughFitJsonAndModeIsTheDefault()
    {
        using var scratch = new ScratchDirectory();
        string model = scratch.File("sleep.json");
        File.WriteAllText(model, $$"""
            { "data": "{{Path.Combine(CliRun.ModelsDirectory, "sleepstudy.csv").Replace("\\", "/")}}", "formula": "Reaction ~ Days + (Days | Subject)",
              "family": "gaussian", "init": "estimate", "sampler": { "chains": 2, "warmup": 200, "draws": 200 } }
            """);
        string output = scratch.File("out");
        var run = CliRun.Of("fit", model, "--quiet", "--no-plots", "--out", output);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("\"init\": \"estimate\"", File.ReadAllText(Path.Combine(output, "fit.json")));

        string random = scratch.File("random");
        run = CliRun.Of("fit", model, "--init", "random", "--quiet", "--no-plots", "--out", random);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("\"init\": \"random\"", File.ReadAllText(Path.Combine(random, "fit.json")));
        Assert.Contains("Inits: Stan's random initialisation, not moved towards the mode (init = random)", run.Output);

        // Without "init" (and on the command line without --init) the chains start from random points moved towards the mode.
        File.WriteAllText(model, File.ReadAllText(model).Replace("\"init\": \"estimate\", ", "", StringComparison.Ordinal));
        string mode = scratch.File("mode");
        run = CliRun.Of("fit", model, "--quiet", "--no-plots", "--out", mode);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("\"init\": \"mode\"", File.ReadAllText(Path.Combine(mode, "fit.json")));
        Assert.DoesNotContain("Inits:", run.Output);
    }

    [Fact]
    public void ModelTheEstimateCannotStartIsRefusedNamingInitRandomAndWritesNothing()
    {
        using var scratch = new ScratchDirectory();
        string output = scratch.File("out");
        var run = CliRun.Of(StudentCbpp("estimate", "--quiet", "--out", output));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--init estimate", run.Error);
        Assert.Contains("student effects", run.Error);
        Assert.Contains("Use --init mode (the default) or --init random", run.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ModeStartCoversModelsTheEstimateDoesNotAndIsRecorded()
    {
        using var scratch = new ScratchDirectory();
        string output = scratch.File("out");
        var run = CliRun.Of(StudentCbpp("mode", "--chains", "2", "--warmup", "200", "--draws", "200", "--quiet", "--no-plots", "--out", output));
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.DoesNotContain("Inits:", run.Output); // the default start
        string json = File.ReadAllText(Path.Combine(output, "fit.json"));
        Assert.Contains("\"init\": \"mode\"", json);
        Assert.DoesNotContain("\"estimate\"", json[json.IndexOf("\"stages\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void UnknownInitIsRefusedOnTheCommandLineAndInTheModelFile()
    {
        using var scratch = new ScratchDirectory();
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "cbpp.json"), "--init", "pathfinder", "--out", scratch.File("a"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--init", run.Error);
        string model = scratch.File("bad.json");
        File.WriteAllText(model, $$"""
            { "data": "{{Path.Combine(CliRun.ModelsDirectory, "cbpp.csv").Replace("\\", "/")}}", "formula": "incidence | trials(size) ~ period + (1 | herd)",
              "family": "binomial", "init": "zero" }
            """);
        run = CliRun.Of("fit", model, "--out", scratch.File("b"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"init\" is 'zero'", run.Error);
        Assert.Contains("bad.json", run.Error);
    }

    [Fact]
    public void SbcFitsStartFromEachDataSetsEstimate()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.File("study");
        var run = CliRun.Of("sbc", Path.Combine(CliRun.ModelsDirectory, "sbc_poisson.json"), "--sims", "4", "--chains", "2", "--warmup", "150",
            "--draws", "100", "--thin", "2", "--init", "estimate", "--out", dir);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        string ranks = File.ReadAllText(Path.Combine(dir, "ranks.csv"));
        Assert.Contains("sd_g__Intercept", ranks);
    }
}
