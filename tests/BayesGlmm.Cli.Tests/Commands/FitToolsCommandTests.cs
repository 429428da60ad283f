// loo DIR, compare and sensitivity on a small fit of models/cbpp.json made once for the class.
using System.Globalization;

namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>One short fit of the cbpp binomial GLMM, shared by the tests of the post-fit commands.</summary>
public sealed class CbppFitFixture : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public CbppFitFixture()
    {
        Directory = _scratch.File("cbpp");
        var (code, _, error) = ConsoleCapture.Run("fit", Path.Combine(CliRun.ModelsDirectory, "cbpp.json"),
            "--chains", "2", "--warmup", "200", "--draws", "200", "--seed", "11", "--out", Directory, "--quiet");
        if (code != 0) throw new InvalidOperationException("the cbpp fit failed: " + error);
        InterceptOnlyDirectory = _scratch.File("cbpp0");
        (code, _, error) = ConsoleCapture.Run("fit", "--data", Path.Combine(CliRun.ModelsDirectory, "cbpp.csv"),
            "--formula", "incidence | trials(size) ~ 0 + Intercept + (1 | herd)", "--family", "binomial",
            "--chains", "2", "--warmup", "200", "--draws", "200", "--seed", "12", "--out", InterceptOnlyDirectory, "--quiet");
        if (code != 0) throw new InvalidOperationException("the intercept-only cbpp fit failed: " + error);
    }

    public string Directory { get; }

    /// <summary>The same data without the period effects.</summary>
    public string InterceptOnlyDirectory { get; }

    public string File(string name) => _scratch.File(name);

    public void Dispose() => _scratch.Dispose();
}

[Trait("Category", "Slow")]
public sealed class FitToolsCommandTests(CbppFitFixture fit) : IClassFixture<CbppFitFixture>
{
    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void LooOfAFitDirectoryPrintsTotalsKTableAndWaic()
    {
        string output = fit.File("loo.csv"), pointwise = fit.File("pointwise.csv");
        var (code, stdout, stderr) = ConsoleCapture.Run("loo", fit.Directory, "--output", output, "--pointwise", pointwise);
        Assert.True(code == 0, stderr);
        Assert.Contains("Computed from 400 by 56", stdout, StringComparison.Ordinal);
        Assert.Contains("r_eff from the chains", stdout, StringComparison.Ordinal);
        Assert.Contains("Pareto k", stdout, StringComparison.Ordinal);
        Assert.Contains("elpd_waic", stdout, StringComparison.Ordinal);

        var lines = File.ReadAllLines(output);
        Assert.Equal("quantity,estimate,se", lines[0]);
        Assert.Equal(["elpd_loo", "p_loo", "looic"], lines.Skip(1).Select(l => l.Split(',')[0]).ToArray());
        var rows = lines.Skip(1).Select(l => l.Split(',').Skip(1).Select(Parse).ToArray()).ToArray();
        Assert.All(rows, r => Assert.True(double.IsFinite(r[0]) && double.IsFinite(r[1]) && r[1] >= 0));
        Assert.Equal(-2 * rows[0][0], rows[2][0], 9);
        Assert.True(rows[0][0] < 0 && rows[1][0] > 0);

        var pointwiseLines = File.ReadAllLines(pointwise);
        Assert.Equal(57, pointwiseLines.Length);
        double sum = pointwiseLines.Skip(1).Sum(l => Parse(l.Split(',')[1]));
        Assert.Equal(rows[0][0], sum, 6);
    }

    [Fact]
    public void LooNeedsExactlyOneSource()
    {
        var (neither, _, error) = ConsoleCapture.Run("loo");
        Assert.Equal(2, neither);
        Assert.Contains("DIR", error, StringComparison.Ordinal);
        var (both, _, _) = ConsoleCapture.Run("loo", fit.Directory, "--log-lik", fit.File("x.csv"));
        Assert.Equal(2, both);
        var (notAFit, _, notAFitError) = ConsoleCapture.Run("loo", fit.File("nothing-here"));
        Assert.Equal(2, notAFit);
        Assert.Contains("fit.json", notAFitError, StringComparison.Ordinal);
    }

    [Fact]
    public void ComparingAFitWithItselfGivesZeroDifferences()
    {
        var (code, stdout, stderr) = ConsoleCapture.Run("compare", fit.Directory, fit.Directory);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("elpd_diff", lines[0], StringComparison.Ordinal);
        Assert.Contains("se_diff", lines[0], StringComparison.Ordinal);
        foreach (string line in lines.Skip(1).Take(2))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(0.0, Math.Abs(Parse(cells[^2])));
            Assert.Equal(0.0, Parse(cells[^1]));
        }
    }

    [Fact]
    public void CompareOrdersTwoFitsByElpdWithThePairedDifference()
    {
        double Elpd(string dir, string file)
        {
            var (c, _, e) = ConsoleCapture.Run("loo", dir, "--output", file);
            Assert.True(c == 0, e);
            return Parse(File.ReadAllLines(file)[1].Split(',')[1]);
        }
        double full = Elpd(fit.Directory, fit.File("full.csv")), reduced = Elpd(fit.InterceptOnlyDirectory, fit.File("reduced.csv"));

        var (code, stdout, stderr) = ConsoleCapture.Run("compare", fit.InterceptOnlyDirectory, fit.Directory);
        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        string best = full >= reduced ? "cbpp" : "cbpp0", other = best == "cbpp" ? "cbpp0" : "cbpp";
        Assert.Equal(best, rows[0][0]);
        Assert.Equal(other, rows[1][0]);
        Assert.Equal(0.0, Parse(rows[0][1]));
        Assert.Equal(-Math.Abs(full - reduced), Parse(rows[1][1]), 0.051);
        Assert.True(Parse(rows[1][2]) > 0);
    }

    [Fact]
    public void CompareNeedsTwoFits()
    {
        var (code, _, error) = ConsoleCapture.Run("compare", fit.Directory);
        Assert.Equal(2, code);
        Assert.Contains("two", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SensitivityPrintsOneRowPerParameterWithADiagnosis()
    {
        var (code, stdout, stderr) = ConsoleCapture.Run("sensitivity", fit.Directory);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int header = Array.FindIndex(lines, l => l.StartsWith("variable", StringComparison.Ordinal));
        Assert.True(header >= 0, stdout);
        Assert.Contains("diagnosis", lines[header], StringComparison.Ordinal);
        var rows = lines.Skip(header + 1).TakeWhile(l => !l.StartsWith("Warning", StringComparison.Ordinal)).ToArray();
        string[] expected = ["b_Intercept", "b_period2", "b_period3", "b_period4", "sd_herd__Intercept"];
        Assert.Equal(expected, rows.Select(r => r.Split(' ')[0]).ToArray());
        foreach (string row in rows)
        {
            var cells = row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(Parse(cells[1]) >= 0 && Parse(cells[2]) >= 0, row);
            Assert.True(cells[3] is "-" or "potential prior-likelihood conflict" or "potential strong prior / weak likelihood", row);
        }

        var (withAll, allOut, _) = ConsoleCapture.Run("sensitivity", fit.Directory, "--all");
        Assert.Equal(0, withAll);
        Assert.Contains("r_herd[1,Intercept]", allOut, StringComparison.Ordinal);
    }

    [Fact]
    public void SensitivityScalesTheSelectedPriorClassesOnly()
    {
        var (joint, jointOut, _) = ConsoleCapture.Run("sensitivity", fit.Directory);
        // cbpp's 0 + Intercept makes the intercept a class-b coefficient, as in brms.
        var (every, everyOut, _) = ConsoleCapture.Run("sensitivity", fit.Directory, "--prior-class", "b", "--prior-class", "sd");
        Assert.Equal(0, joint);
        Assert.Equal(0, every);
        Assert.Contains("prior selection: b, sd", everyOut, StringComparison.Ordinal);
        static string Table(string text) => text[text.IndexOf("variable", StringComparison.Ordinal)..];
        Assert.Equal(Table(jointOut), Table(everyOut));

        var (code, sdOut, stderr) = ConsoleCapture.Run("sensitivity", fit.Directory, "--prior-class", "sd");
        Assert.True(code == 0, stderr);
        Assert.Contains("prior selection: sd", sdOut, StringComparison.Ordinal);
        Assert.NotEqual(Table(jointOut), Table(sdOut));

        var (bad, _, error) = ConsoleCapture.Run("sensitivity", fit.Directory, "--prior-class", "sigma");
        Assert.Equal(2, bad);
        Assert.Contains("'sigma'", error, StringComparison.Ordinal);
        Assert.Contains("b, sd", error, StringComparison.Ordinal);
        var (intercept, _, interceptError) = ConsoleCapture.Run("sensitivity", fit.Directory, "--prior-class", "Intercept");
        Assert.Equal(2, intercept);
        Assert.Contains("'Intercept'", interceptError, StringComparison.Ordinal);
    }
}
