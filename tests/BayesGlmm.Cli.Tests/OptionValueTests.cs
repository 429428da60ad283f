// Issue 15, point 7: every option value is checked: exit code 2 and one error line naming the option and its range.
namespace BayesGlmm.Cli.Tests;

public sealed class OptionValueTests
{
    private static string Model(string name = "eight_schools.json") => Path.Combine(CliRun.ModelsDirectory, name);

    public static TheoryData<string[], string> BadValues => new()
    {
        { ["fit", "MODEL", "--draws", "abc"], "--draws abc: it must be a whole number from 1 to 2147483647." },
        { ["fit", "MODEL", "--draws", "1000000000000"], "--draws 1000000000000: it must be a whole number from 1 to 2147483647." },
        { ["fit", "MODEL", "--draws", "0"], "--draws 0: it must be a whole number from 1 to 2147483647." },
        { ["fit", "MODEL", "--adapt-delta", "abc"], "--adapt-delta abc: it must be a number strictly between 0 and 1." },
        { ["fit", "MODEL", "--adapt-delta", "1"], "--adapt-delta 1: it must be a number strictly between 0 and 1." },
        { ["fit", "MODEL", "--chains", "-2"], "--chains -2: it must be a whole number from 1 to 2147483647." },
        { ["fit", "MODEL", "--warmup", "1e3"], "--warmup 1e3: it must be a whole number from 0 to 2147483647." },
        { ["fit", "MODEL", "--max-treedepth", "31"], "--max-treedepth 31: it must be a whole number from 1 to 30." },
        { ["fit", "MODEL", "--stepsize-jitter", "1.5"], "--stepsize-jitter 1.5: it must be a number from 0 to 1." },
        { ["fit", "MODEL", "--threads", "0"], "--threads 0: it must be a whole number from 1 to 2147483647." },
        { ["fit", "MODEL", "--seed", "-1"], "--seed -1: it must be a whole number from 0 to 18446744073709551615." },
        { ["fit", "MODEL", "--seed", "18446744073709551616"], "--seed 18446744073709551616: it must be a whole number from 0 to 18446744073709551615." },
        { ["fit", "MODEL", "--metric", "unit"], "--metric unit: it must be diag, dense or low_rank." },
        { ["fit", "MODEL", "--adaptation", "nutpie"], "--adaptation nutpie: it must be stan or fisher." },
        { ["fit", "MODEL", "--integrator", "euler"], "--integrator euler: it must be leapfrog or walnuts." },
        { ["fit", "MODEL", "--metric", "low_rank", "--adaptation", "stan"], "--metric low_rank: it must be diag or dense with adaptation stan (the low-rank metric is adapted by adaptation fisher only)." },
        { ["fit", "MODEL", "--metric", "dense", "--adaptation", "fisher"], "--metric dense: it must be diag or low_rank with adaptation fisher (the dense metric is adapted by adaptation stan only)." },
        { ["fit", "MODEL", "--conjugate-effects", "sometimes"], "--conjugate-effects sometimes: it must be marginal or joint." },
        { ["fit", "MODEL", "--prob", "1.5"], "--prob 1.5: it must be a number strictly between 0 and 1." },
        { ["fit", "MODEL", "--warmup", "2147483000", "--draws", "1000"], "--draws 1000: it must be a whole number from 1 to 647 (Warmup + Draws at most 2147483647)." },
        { ["sbc", "MODEL", "--out", "OUT", "--sims", "0"], "--sims 0: it must be a whole number from 1 to 2147483647." },
        { ["sbc", "MODEL", "--out", "OUT", "--thin", "abc"], "--thin abc: it must be a whole number from 1 to 2147483647." },
        { ["sbc", "MODEL", "--out", "OUT", "--parallel-fits", "-1"], "--parallel-fits -1: it must be a whole number from 1 to 2147483647." },
        { ["predict", "OUT", "--quadrature-nodes", "500"], "--quadrature-nodes 500: it must be a whole number from 1 to 200." },
        { ["predict", "OUT", "--re-samples", "many"], "--re-samples many: it must be a whole number from 1 to 10000000." },
        { ["predict", "OUT", "--re", "sometimes"], "--re sometimes: it must be conditional, marginal, new or none." },
        { ["predict", "OUT", "--seed", "x"], "--seed x: it must be a whole number from 0 to 18446744073709551615." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueIsOneLineNamingTheOptionAndItsRange(string[] args, string expected)
    {
        using var dir = new ScratchDirectory();
        var run = CliRun.Of(args.Select(a => a switch { "MODEL" => Model(), "OUT" => dir.File("out"), _ => a }).ToArray());
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: " + expected, run.Error.TrimEnd());
        Assert.Empty(run.Output);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void DrawsThatWouldNotFitInMemoryAreRefusedUpFrontWithTheSizeNeeded()
    {
        // radon at 10 million draws per chain: about 4 × 10^7 × 370 values of 8 bytes.
        using var dir = new ScratchDirectory();
        var run = CliRun.Of("fit", Model("radon.json"), "--draws", "10000000", "--out", dir.File("radon"), "--quiet");
        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Matches(@"^error: The draws would (need about|hold) .*GB", line);
        Assert.Contains("4 chains × 10,000,000 draws", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ANegativeSeedInAModelFileIsRefused()
    {
        using var dir = new ScratchDirectory();
        string model = dir.File("m.json");
        File.WriteAllText(model, $$"""{ "data": "{{Path.Combine(CliRun.ModelsDirectory, "eight_schools.csv").Replace("\\", "/", StringComparison.Ordinal)}}", "formula": "y | se(sigma) ~ 1 + (1 | school)", "sampler": { "seed": -3 } }""");
        var run = CliRun.Of("fit", model, "--out", dir.File("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {model}: \"sampler.seed\" is -3; it must be a whole number from 0 to 18446744073709551615.", run.Error.TrimEnd());
    }
}
