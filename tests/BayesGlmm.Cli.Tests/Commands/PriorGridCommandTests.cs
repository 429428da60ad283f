// `fit --prior-grid`: refits under each prior set into DIR/grid, writes the table, plots and report section; bad grids exit 2.
using System.Globalization;

namespace BayesGlmm.Cli.Tests.Commands;

[Trait("Category", "Slow")]
public sealed class PriorGridCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Data()
    {
        string csv = _scratch.File("data.csv");
        var rng = new Random(8);
        File.WriteAllLines(csv, new[] { "y,x" }.Concat(Enumerable.Range(0, 12).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{2 + 0.5 * (i % 4) + rng.NextDouble():R},{i % 4}"))));
        return csv;
    }

    private string Grid(string json)
    {
        string path = _scratch.File($"grid-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private (int Code, string Out, string Error) Fit(string grid, string directory, params string[] extra) =>
        ConsoleCapture.Run(new[] { "fit", "--data", Data(), "--formula", "y ~ 1 + x", "--prior", "b ~ normal(0, 10)",
            "--chains", "2", "--warmup", "300", "--draws", "300", "--seed", "5", "--out", directory, "--quiet", "--prior-grid", grid }.Concat(extra).ToArray());

    [Fact]
    public void RefitsUnderEachSetAndComparesThemSideBySide()
    {
        string directory = _scratch.File("fit");
        string grid = Grid("""
            {
              "pulled": ["b ~ normal(5, 0.05)"],
              "tight_sigma": ["sigma ~ exponential(20)"]
            }
            """);
        var (code, stdout, stderr) = Fit(grid, directory);
        Assert.True(code == 0, stderr);
        Assert.Contains("Prior grid: posterior median [90% interval]", stdout, StringComparison.Ordinal);
        foreach (string set in new[] { "pulled", "tight_sigma" })
            Assert.True(File.Exists(Path.Combine(directory, "grid", set, "summary.csv")), set);
        Assert.DoesNotContain(Directory.GetDirectories(_scratch.Path, ".*"), d => d.Contains(".grid-", StringComparison.Ordinal));

        var lines = File.ReadAllLines(Path.Combine(directory, "prior-grid.csv"));
        Assert.Equal("variable,prior_set,mean,q5,q50,q95", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["b_Intercept", "b_x", "sigma"], rows.Select(r => r[0]).Distinct().ToArray());
        Assert.Equal(["model", "pulled", "tight_sigma"], rows.Where(r => r[0] == "b_x").Select(r => r[1]).ToArray());
        double Median(string variable, string set) =>
            double.Parse(rows.Single(r => r[0] == variable && r[1] == set)[4], CultureInfo.InvariantCulture);
        // normal(5, 0.05) on b pins b_x near 5; the model's own fit has b_x near 0.5.
        Assert.InRange(Median("b_x", "pulled"), 4.8, 5.1);
        Assert.InRange(Median("b_x", "model"), 0, 1.2);
        Assert.True(Median("sigma", "tight_sigma") < Median("sigma", "model"));

        Assert.True(File.Exists(Path.Combine(directory, "plots", "prior_grid_b.svg")));
        string html = File.ReadAllText(Path.Combine(directory, "report.html"));
        Assert.Contains("Refit under alternative priors (prior grid)", html, StringComparison.Ordinal);
        Assert.Contains("b ~ normal(5, 0.05)", html, StringComparison.Ordinal);

        // bayesglmm plot regenerates the section from prior-grid.json and prior-grid.csv.
        File.Delete(Path.Combine(directory, "report.html"));
        Directory.Delete(Path.Combine(directory, "plots"), recursive: true);
        var (plotCode, _, plotError) = ConsoleCapture.Run("plot", directory);
        Assert.True(plotCode == 0, plotError);
        Assert.Contains("prior grid", File.ReadAllText(Path.Combine(directory, "report.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "plots", "prior_grid_other.svg")));
    }

    [Theory]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\"],\n  \"bad\": [\"sd ~ exponential(1)\"]\n}", "line 3, prior set 'bad'", "no group-level terms")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\"\n}", "line 3: not valid JSON", "JSON object")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, -1)\"]\n}", "line 2, prior set 'a'", "Prior 'b ~ normal(0, -1)'")]
    public void ABadGridIsABadInputErrorNamingTheLineAndWritesNothing(string json, string where, string what)
    {
        string directory = _scratch.File("bad-" + Guid.NewGuid().ToString("N"));
        string grid = Grid(json);
        var (code, _, error) = Fit(grid, directory);
        Assert.Equal(2, code);
        Assert.Contains(Path.GetFileName(grid), error, StringComparison.Ordinal);
        Assert.Contains(where, error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }
}
