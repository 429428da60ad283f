// bayesglmm predict on a short fit of models/cbpp.json, end to end: files, modes, ratios and input errors.
using System.Globalization;

namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>Short fits (2 chains of 150 + 150) of the cbpp binomial GLMM, the wine ordinal model and the pumps HGLM, made once for the class.</summary>
public sealed class ShortCbppFit : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public ShortCbppFit()
    {
        Directory = _scratch.File("cbpp");
        var (code, _, error) = ConsoleCapture.Run("fit", Path.Combine(CliRun.ModelsDirectory, "cbpp.json"),
            "--chains", "2", "--warmup", "150", "--draws", "150", "--seed", "3", "--out", Directory, "--quiet", "--no-plots");
        if (code != 0) throw new InvalidOperationException("the cbpp fit failed: " + error);
        foreach (var (name, path) in new[] { ("wine", WineDirectory = _scratch.File("wine")), ("pumps", PumpsDirectory = _scratch.File("pumps")) })
        {
            (code, _, error) = ConsoleCapture.Run("fit", Path.Combine(CliRun.ModelsDirectory, name + ".json"),
                "--chains", "2", "--warmup", "150", "--draws", "150", "--seed", "3", "--out", path, "--quiet", "--no-plots");
            if (code != 0) throw new InvalidOperationException($"the {name} fit failed: " + error);
        }
    }

    public string Directory { get; }

    /// <summary>The ordinal wine model.</summary>
    public string WineDirectory { get; }

    /// <summary>The Poisson–gamma pumps model.</summary>
    public string PumpsDirectory { get; }

    public string File(string name) => _scratch.File(name);

    public void Dispose() => _scratch.Dispose();
}

public sealed class PredictCommandTests(ShortCbppFit fit) : IClassFixture<ShortCbppFit>
{
    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private string NewData(string name, string csv)
    {
        string path = fit.File(name);
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public void MarginalPredictionsOfTheFitsOwnDataAndAttenuatedOddsRatios()
    {
        string output = fit.File("marginal.csv"), ratios = fit.File("ratios.csv");
        var (code, stdout, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--re", "marginal", "--output", output, "--ratios-output", ratios);
        Assert.True(code == 0, stderr);
        Assert.Contains("Predictions for 56 rows", stdout, StringComparison.Ordinal);
        Assert.Contains("from 300 draws; group-level effects: marginal (integrated: Gauss-Hermite quadrature, 64 nodes)", stdout, StringComparison.Ordinal);
        Assert.Contains("Odds ratios per unit change", stdout, StringComparison.Ordinal);

        var lines = File.ReadAllLines(output);
        Assert.Equal("row,mean,sd,q2.5,q50,q97.5,eta_mean,eta_sd,eta_q2.5,eta_q50,eta_q97.5", lines[0]);
        Assert.Equal(57, lines.Length);
        var cbpp = File.ReadAllLines(Path.Combine(CliRun.ModelsDirectory, "cbpp.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',').Select(Parse).ToArray();
            Assert.Equal(i, (int)cells[0]);
            double size = Parse(cbpp[i - 1][2]);
            Assert.InRange(cells[1], 0, size); // E[y] of a binomial with the row's trials
            Assert.True(cells[3] <= cells[4] && cells[4] <= cells[5]);
        }

        var ratioLines = File.ReadAllLines(ratios);
        Assert.Equal("coefficient,ratio,type,mean,sd,q2.5,q50,q97.5", ratioLines[0]);
        Assert.Equal(7, ratioLines.Length);
        for (int r = 1; r < ratioLines.Length; r += 2)
        {
            var conditional = ratioLines[r].Split(',');
            var averaged = ratioLines[r + 1].Split(',');
            Assert.Equal(conditional[0], averaged[0]);
            Assert.Equal(["odds_ratio", "conditional"], conditional[1..3]);
            Assert.Equal(["odds_ratio", "population_averaged"], averaged[1..3]);
            // The period effects lower the odds; averaged over the herds they are closer to 1.
            double c = Parse(conditional[6]), a = Parse(averaged[6]);
            Assert.True(c < a && a < 1, $"{conditional[0]}: conditional median {c}, population-averaged {a}");
        }
    }

    [Fact]
    public void NewDataUnderEachModeAndTheirErrors()
    {
        string known = NewData("known.csv", "herd,period,size\n1,1,10\n15,4,1\n");
        var (code, stdout, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", known, "--probs", "0.1,0.9");
        Assert.True(code == 0, stderr);
        Assert.Contains("row mean   sd  q10  q90 eta_mean eta_sd", stdout, StringComparison.Ordinal);

        string unseen = NewData("unseen.csv", "herd,period,size\n1,1,10\n99,2,5\n");
        string output = fit.File("never.csv");
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", unseen, "--output", output);
        Assert.Equal(2, code);
        Assert.Contains("unseen.csv, row 2: group '99' of 'herd' was not in the fitted data", stderr, StringComparison.Ordinal);
        Assert.Contains("--re new", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        (code, stdout, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", unseen, "--re", "new", "--output", output);
        Assert.True(code == 0, stderr);
        Assert.Equal(3, File.ReadAllLines(output).Length);

        string noGroups = NewData("nogroups.csv", "period,size\n3,20\n");
        (code, stdout, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", noGroups, "--re", "none");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", noGroups, "--re", "marginal");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", noGroups, "--re", "conditional");
        Assert.Equal(2, code);
        Assert.Contains("has no column 'herd', which the group-level term (1 | herd) uses", stderr, StringComparison.Ordinal);

        string badLevel = NewData("badlevel.csv", "period,size\n5,20\n");
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", badLevel, "--re", "none");
        Assert.Equal(2, code);
        Assert.Contains("badlevel.csv, row 1, column 'period': level '5' was not in the data the model was fitted to", stderr, StringComparison.Ordinal);

        string noTrials = NewData("notrials.csv", "period\n2\n");
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--newdata", noTrials, "--re", "none");
        Assert.Equal(2, code);
        Assert.Contains("has no column 'size', which trials(size) uses", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrdinalFitPredictsExpectedCategoriesAndAnHglmIsRefused()
    {
        string output = fit.File("wine.csv");
        var (code, _, stderr) = ConsoleCapture.Run("predict", fit.WineDirectory, "--re", "marginal", "--output", output);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal(73, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.InRange(Parse(l.Split(',')[1]), 1.0, 5.0));
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.WineDirectory, "--ratios");
        Assert.Equal(2, code);
        Assert.Contains("this model is cumulative(logit)", stderr, StringComparison.Ordinal);

        (code, _, stderr) = ConsoleCapture.Run("predict", fit.PumpsDirectory);
        Assert.Equal(2, code);
        Assert.Contains("hierarchical GLM with conjugate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptionsExitWithTwo()
    {
        Assert.Equal(2, ConsoleCapture.Run("predict", fit.Directory, "--re", "random").ExitCode);
        Assert.Equal(2, ConsoleCapture.Run("predict", fit.Directory, "--seed", "-3").ExitCode);
        Assert.Equal(2, ConsoleCapture.Run("predict", fit.Directory, "--re-samples", "0").ExitCode);
        var (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--probs", "0.5,1.5");
        Assert.Equal(2, code);
        Assert.Contains("'1.5' is not a probability", stderr, StringComparison.Ordinal);
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.File("no-such-fit"));
        Assert.Equal(2, code);
        Assert.Contains("no fit.json", stderr, StringComparison.Ordinal);
        (code, _, stderr) = ConsoleCapture.Run("predict", fit.Directory, "--output", Path.Combine(fit.File("missing-dir"), "p.csv"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }
}
