// Tests of the command line: version, help, summarize, fit end to end, and every bad-input case that reaches it.
namespace BayesGlmm.Cli.Tests;

public sealed class CommandLineTests
{
    private static string Reference(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "cmdstan", name);

    [Fact]
    public void VersionPrintsTheVersion()
    {
        var run = CliRun.Of("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ProgramVersion.Current, run.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("fit", "--help")]
    [InlineData("summarize", "--help")]
    public void EveryCommandHasHelp(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void SummarizeReadsCmdStanFilesAndWritesTheTable()
    {
        using var dir = new ScratchDirectory();
        string target = dir.File("summary.csv");
        var run = CliRun.Of("summarize", Reference("bernoulli-1.csv"), Reference("bernoulli-1.csv"), "--output", target);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("variable", run.Output, StringComparison.Ordinal);
        Assert.Contains("theta", run.Output, StringComparison.Ordinal);
        Assert.Contains("beta[2,1]", run.Output, StringComparison.Ordinal);
        Assert.Contains("ebfmi", run.Output, StringComparison.Ordinal);
        Assert.Contains("Divergent transitions: 2;", run.Output, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(target);
        Assert.Equal("variable,mean,sd,q5,q50,q95,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("lp__,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("theta,0.2167", StringComparison.Ordinal));
    }

    [Fact]
    public void SummarizeOfAMissingFileIsBadInput()
    {
        var run = CliRun.Of("summarize", "/nonexistent/chain-1.csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void FitsTheRadonModelFileEndToEnd()
    {
        using var dir = new ScratchDirectory();
        string outDir = dir.File("radon");
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "radon.json"), "--warmup", "200", "--draws", "200", "--chains", "2", "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Population-Level Effects:", run.Output, StringComparison.Ordinal);
        Assert.Contains("~county (Number of levels: 85)", run.Output, StringComparison.Ordinal);
        Assert.Contains("sd(floor)", run.Output, StringComparison.Ordinal);
        foreach (string f in new[] { "chain-1.csv", "chain-2.csv", "summary.csv", "draws.csv", "fit.json" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        string summary = File.ReadAllText(Path.Combine(outDir, "summary.csv"));
        Assert.Contains("\"r_county[c1,Intercept]\",", summary, StringComparison.Ordinal);
        Assert.Contains("\ncor_county__Intercept__floor,", summary, StringComparison.Ordinal);
        string header = File.ReadAllLines(Path.Combine(outDir, "chain-1.csv")).First(l => l.StartsWith("lp__", StringComparison.Ordinal));
        Assert.Contains(",r_county.85.1,r_county.1.2,", header, StringComparison.Ordinal);

        // summarize on the fit's own chain files gives brms names through fit.json.
        var again = CliRun.Of("summarize", Path.Combine(outDir, "chain-1.csv"), Path.Combine(outDir, "chain-2.csv"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("r_county[c1,Intercept]", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void FitsThePumpsHglmEndToEnd()
    {
        using var dir = new ScratchDirectory();
        string outDir = dir.File("pumps");
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "pumps.json"), "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("~pump (Number of levels: 10)", run.Output, StringComparison.Ordinal);
        Assert.Contains("lambda_pump ~ exponential(1)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Sampler: 0 divergent transitions", run.Output, StringComparison.Ordinal);
        string summary = File.ReadAllText(Path.Combine(outDir, "summary.csv"));
        foreach (string name in new[] { "\nb_Intercept,", "\nlambda_pump,", "\nu_pump[1],", "\n\"r_pump[10,Intercept]\"," })
            Assert.Contains(name, summary, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("Leave-one-cluster-out", report, StringComparison.Ordinal);
        Assert.Contains("Posterior predictive test statistics", report, StringComparison.Ordinal);

        // Leave-one-cluster-out from the directory: one value per pump, named by its level.
        string pointwise = dir.File("clusters.csv");
        var loo = CliRun.Of("loo", outDir, "--by-cluster", "--pointwise", pointwise);
        Assert.True(loo.ExitCode == 0, loo.Error);
        Assert.Contains("Computed from 4000 by 10", loo.Output, StringComparison.Ordinal);
        var rows = File.ReadAllLines(pointwise);
        Assert.Equal(11, rows.Length);
        Assert.StartsWith("10,", rows[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void FitsFromFlags()
    {
        using var dir = new ScratchDirectory();
        string outDir = dir.File("es");
        var run = CliRun.Of("fit", "--data", Path.Combine(CliRun.ModelsDirectory, "eight_schools.csv"),
            "--formula", "y | se(sigma) ~ 0 + Intercept + (1 | school)", "--family", "gaussian",
            "--prior", "b ~ normal(0, 5)", "--prior", "sd ~ cauchy(0, 5)",
            "--warmup", "150", "--draws", "100", "--chains", "2", "--seed", "3", "--adapt-delta", "0.95", "--out", outDir, "--quiet");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("sd_school__Intercept ~ cauchy(0, 5)", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "fit.json")));
        Assert.Contains("\"adapt_delta\": 0.95", File.ReadAllText(Path.Combine(outDir, "fit.json")), StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["fit", "MODEL", "--chains", "0"], "--chains" },
        { ["fit", "MODEL", "--warmup", "-5"], "--warmup" },
        { ["fit", "MODEL", "--draws", "0"], "--draws" },
        { ["fit", "MODEL", "--adapt-delta", "1.5"], "--adapt-delta" },
        { ["fit", "MODEL", "--threads-per-chain", "0"], "--threads-per-chain" },
        { ["fit", "MODEL", "--metric", "unit"], "unit" },
        { ["fit", "MODEL", "--no-such-option"], "--no-such-option" },
        { ["fit", "/nonexistent/model.json"], "model file not found" },
        { ["fit"], "needs a model file" },
        { ["fit", "MODEL", "--family", "banana"], "banana" },
        { ["fit", "MODEL", "--prior", "b ~ normal(0, "], "prior" },
        { ["fit", "MODEL", "--prior", "nosuch ~ normal(0, 1)"], "nosuch" },
        { ["fit", "MODEL", "--formula", "log_radon ~ nocolumn + (1 | county)"], "nocolumn" },
        { ["fit", "--data", "/nonexistent/data.csv", "--formula", "y ~ 1"], "data.csv" },
        { ["fit", "MODEL", "--formula", "log_radon ~ floor + (1 + floor | gr(county, dist = \"gamma\"))"], "random intercepts only" },
        { ["fit", "MODEL", "--formula", "log_radon ~ floor + (1 | gr(county, dist = \"gamma\"))"], "poisson" },
        { ["fit", "MODEL", "--conjugate-effects", "sometimes"], "sometimes" },
        { ["summarize"], "summarize" },
        { ["frobnicate"], "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneClearErrorWithExitCode2AndNoOutput(string[] args, string mentioned)
    {
        using var dir = new ScratchDirectory();
        string outDir = dir.File("out");
        var full = args.Select(a => a == "MODEL" ? Path.Combine(CliRun.ModelsDirectory, "radon.json") : a).ToList();
        if (args.Length > 0 && args[0] == "fit")
        {
            full.AddRange(["--out", outDir]);
            if (!args.Contains("--warmup")) full.AddRange(["--warmup", "10"]);
            if (!args.Contains("--draws")) full.AddRange(["--draws", "10"]);
        }
        var run = CliRun.Of([.. full]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(mentioned, run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.Output);
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void AnExistingOutputDirectoryNeedsForce()
    {
        using var dir = new ScratchDirectory();
        string outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDir, "--warmup", "20", "--draws", "20");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--force", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outDir));

        var forced = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, "eight_schools.json"), "--out", outDir, "--warmup", "20", "--draws", "20", "--force", "--quiet");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.True(File.Exists(Path.Combine(outDir, "fit.json")));
    }
}
