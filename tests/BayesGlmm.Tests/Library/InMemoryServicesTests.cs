// Issue 14, point 2: a table from in-memory columns, a fit in memory, writing as a separate step, and every service on a fit in memory or saved.
using System.Globalization;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Calibration;
using BayesGlmm.Comparison;
using BayesGlmm.Data;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Predicting;
using BayesGlmm.PriorGrids;
using BayesGlmm.Sampling;
using BayesGlmm.Sensitivity;

namespace BayesGlmm.Tests.Library;

public sealed class InMemoryServicesTests
{
    private static readonly SamplerOptions Quick = new() { Chains = 2, Warmup = 200, Draws = 200, Seed = 3 };

    /// <summary>Five groups of eight observations, y = 1 + 0.5 x + u_g + noise; one x missing.</summary>
    private static (double[] Y, double[] X, string?[] G) Columns()
    {
        var random = new Random(5);
        int n = 40;
        var y = new double[n];
        var x = new double[n];
        var g = new string?[n];
        double[] u = [-0.6, 0.1, 0.4, -0.2, 0.7];
        for (int i = 0; i < n; i++)
        {
            g[i] = "grp " + (char)('a' + i % 5);
            x[i] = i % 8 - 3.5;
            y[i] = 1 + 0.5 * x[i] + u[i % 5] + 0.4 * (random.NextDouble() - 0.5);
        }
        x[7] = double.NaN;
        return (y, x, g);
    }

    private static DataTable Table()
    {
        var (y, x, g) = Columns();
        return new TableBuilder().Numbers("y", y).Numbers("x", x).Strings("g", g).Build();
    }

    [Fact]
    public void ATableFromColumnsIsTheTableTheSameCsvGives()
    {
        var (y, x, g) = Columns();
        var table = new TableBuilder().Numbers("y", y).Numbers("x", x).Strings("g", g).Factor("code", x.Select(v => double.IsNaN(v) ? v : v + 4).ToArray()).Build();
        var csv = new System.Text.StringBuilder("y,x,g,code\n");
        for (int i = 0; i < y.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{y[i]:R},{(double.IsNaN(x[i]) ? "NA" : x[i].ToString("R", CultureInfo.InvariantCulture))},\"{g[i]}\",{(double.IsNaN(x[i]) ? "NA" : (x[i] + 4).ToString("R", CultureInfo.InvariantCulture))}\n");
        var read = DataTable.ParseCsv(csv.ToString(), "data", ["code"]);
        Assert.Equal(read.RowCount, table.RowCount);
        for (int j = 0; j < read.Columns.Count; j++)
        {
            var a = table.Columns[j];
            var b = read.Columns[j];
            Assert.Equal((b.Name, b.IsCategorical), (a.Name, a.IsCategorical));
            Assert.Equal(b.Levels, a.Levels);
            Assert.Equal(b.Codes, a.Codes);
            Assert.Equal(b.Numbers, a.Numbers);
            Assert.Equal(Enumerable.Range(0, b.RowCount).Select(b.IsMissing), Enumerable.Range(0, a.RowCount).Select(a.IsMissing));
        }
        Assert.Equal(["0.5", "1.5", "2.5", "3.5", "4.5", "5.5", "6.5", "7.5"], table.Find("code")!.Levels);
    }

    [Theory]
    [InlineData("length", "has 2 values, but column 'y' has 3")]
    [InlineData("twice", "added twice")]
    [InlineData("empty", "no columns")]
    public void ABadTableIsAnInputErrorNamingTheColumn(string problem, string expected)
    {
        var builder = new TableBuilder();
        if (problem != "empty") builder.Numbers("y", [1.0, 2, 3]);
        var e = Assert.Throws<InputException>(() => problem switch
        {
            "length" => builder.Strings("g", ["a", "b"]).Build(),
            "twice" => builder.Numbers("y", [1.0, 2, 3]).Build(),
            _ => builder.Build(),
        });
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void AFitInMemoryIsWrittenAsASeparateStepAndEveryServiceGivesTheSameAnswerOnItAndOnItsDirectory()
    {
        var model = ModelComposition.Prepare(Table(), "y ~ x + (1 | g)", "gaussian", ["b ~ normal(0, 5)"], name: "demo");
        var fit = FitService.Fit(model, Quick);
        Assert.Null(fit.Directory);
        Assert.True(fit.DataInMemory);
        Assert.Equal(39, fit.Record.Data.RowsUsed);
        Assert.Equal(Quick, fit.Settings);
        Assert.Contains("r_g[grp.a,Intercept]", fit.Draws.Variables);
        Assert.Equal(400, fit.DrawsOf("b_x").Length);
        Assert.Contains("   Data: the data in memory (Number of observations: 39); 1 rows dropped for missing values", fit.SummaryText, StringComparison.Ordinal);

        using var dir = new TempDirectory();
        var written = FitWriter.Write(fit, new FitOutputOptions(dir.File("demo")));
        Assert.Equal(Path.GetFullPath(dir.File("demo")), written.Directory);
        foreach (string f in new[] { "chain-1.csv", "chain-2.csv", "summary.csv", "draws.csv", "fit.json", "data.csv" })
            Assert.True(File.Exists(dir.File("demo/" + f)), f);
        Assert.Equal("data.csv", written.Record.Data.File);
        Assert.Equal(FitService.Sha256(dir.File("demo/data.csv")), written.Record.Data.Sha256);

        // Read back: the same draws and summary, and the model rebuilt from data.csv.
        var loaded = FitDirectory.Load(dir.File("demo"));
        Assert.Equal(fit.Summary, loaded.Summary);
        Assert.Equal(fit.Draws.AllChains(fit.Draws.IndexOf("b_x")).ToArray(), loaded.Draws.AllChains(loaded.Draws.IndexOf("b_x")).ToArray());
        Assert.Equal(fit.Model.OutputNames, loaded.Model.OutputNames);
        Assert.Equal(39, loaded.Model.ObservationCount);

        // LOO, predictions and sensitivity: the same numbers from the fit in memory and from its directory.
        var loo = LooService.Compute(fit);
        Assert.Equal(loo.Loo.ElpdLoo, LooService.Compute(loaded).Loo.ElpdLoo);
        var options = new PredictionOptions { Mode = RandomEffectMode.Conditional };
        var predicted = PredictionService.Predict(fit, null, options);
        Assert.Equal(39, predicted.RowCount);
        Assert.Equal(predicted.Predictions.Rows.Select(r => r.Response.Mean), PredictionService.Predict(loaded, null, options).Predictions.Rows.Select(r => r.Response.Mean));
        var newData = new TableBuilder().Numbers("x", [0.0, 1]).Strings("g", ["grp a", "new group"]).Build();
        var e = Assert.Throws<InputException>(() => PredictionService.Predict(fit, newData, options));
        Assert.Contains("random-effect mode new", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, PredictionService.Predict(fit, newData, options with { Mode = RandomEffectMode.New }).RowCount);
        var sensitivity = SensitivityService.Analyze(fit);
        Assert.Equal(sensitivity.Rows.Select(r => (r.Variable, r.Prior)), SensitivityService.Analyze(loaded).Rows.Select(r => (r.Variable, r.Prior)));
        Assert.DoesNotContain(sensitivity.Rows, r => r.Variable.StartsWith("r_", StringComparison.Ordinal));

        // Comparison of two fits in memory, and a prior grid refitted in memory and written beside the fit.
        var other = FitService.Fit(ModelComposition.Prepare(Table(), "y ~ x"), Quick);
        var rows = LooService.Compare([("groups", fit), ("no groups", other)]);
        Assert.Equal("groups", rows[0].Name);
        var grid = PriorGridService.Refit(fit, [new PriorSet("tight", ["b ~ normal(0, 0.001)"], 0)]);
        var slopeRows = grid.Rows.Where(r => r.Variable == "b_x").ToDictionary(r => r.PriorSet);
        Assert.True(Math.Abs(slopeRows["tight"].Q50) < Math.Abs(slopeRows["model"].Q50) / 2);
        PriorGridService.Write(grid, dir.File("demo"));
        Assert.True(File.Exists(dir.File("demo/grid/tight/fit.json")));
        Assert.Equal(grid.Rows, PriorGridResult.TryLoad(dir.File("demo"))!.Rows);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void AnSbcStudyOfAFitInMemoryRuns()
    {
        var fit = FitService.Fit(ModelComposition.Prepare(Table(), "y ~ 1 + (1 | g)"), Quick);
        using var dir = new TempDirectory();
        var request = SbcRequest.ForFit(fit) with { Simulations = 4, Sampler = Quick with { Warmup = 150, Draws = 100 }, Thin = 2 };
        var study = SbcService.Run(request, dir.File("study"));
        Assert.Equal(4, study.Simulations.Count);
        Assert.False(study.Cancelled);
        Assert.Contains(study.Uniformity, u => u.Variable == "b_Intercept");
        Assert.Contains("4 simulations", SbcText.Format(study), StringComparison.Ordinal);
    }
}
