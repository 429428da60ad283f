// Tests of draws.csv (posterior's draws_df layout) and fit.json.
using BayesGlmm.Diagnostics;
using BayesGlmm.Output;

namespace BayesGlmm.Tests.Output;

public sealed class DrawsCsvAndFitJsonTests
{
    [Fact]
    public void DrawsCsvHasDrawsDfColumnsAndQuotedBrmsNames()
    {
        var draws = new Draws(["b_Intercept", "r_county[LAC.QUI.PARLE,Intercept]", "lp__"], 2, 2);
        for (int v = 0; v < 3; v++)
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < 2; i++) draws.Chain(v, c)[i] = v * 100 + c * 10 + i + 0.5;
        draws.Chain(1, 1)[1] = double.NaN;
        var text = new StringWriter();
        DrawsCsvWriter.Write(text, draws);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(".chain,.iteration,.draw,b_Intercept,\"r_county[LAC.QUI.PARLE,Intercept]\",lp__", lines[0]);
        Assert.Equal("1,1,1,0.5,100.5,200.5", lines[1]);
        Assert.Equal("1,2,2,1.5,101.5,201.5", lines[2]);
        Assert.Equal("2,1,3,10.5,110.5,210.5", lines[3]);
        Assert.Equal("2,2,4,11.5,NA,211.5", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void FitJsonRoundTripsWithSnakeCaseNames()
    {
        var record = new FitRecord
        {
            Version = "0.1.0",
            Model = new FitModelRecord("radon", "y ~ 1 + (1 | g)", "gaussian", [new FitPriorRecord("b", "normal(0, 10)", false)], ["g"]) { Centring = "intercept", CentredPairs = ["d in dept: intercept"] },
            Data = new FitDataRecord("radon_mn.csv", new string('a', 64), 919, 919, 0),
            Seed = 7,
            Settings = new FitSettingsRecord { Chains = 4, Warmup = 1000, Draws = 1000, AdaptDelta = 0.8, MaxTreedepth = 10, StepsizeJitter = 0.25 },
            Versions = new FitVersionsRecord("0.1.0", "10.0", "linux", "2.34"),
            Timing = new FitTimingRecord(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(3), 3),
            Chains = [new FitChainRecord { Chain = 1, Ebfmi = double.NaN, GradientEvaluations = 12345 }],
            GradientEvaluations = 12345,
            Stages = [new FitStageRecord("sample", 1.5, 2.75, 96.5)],
            Diagnostics = new FitDiagnosticsRecord { MaxRhat = 1.001, Warnings = ["x"] },
            Columns = [new FitColumnRecord("r_g.1.1", "r_g[a b,Intercept]", "a b", "Intercept", [1, 1])],
        };
        string json = FitJson.Serialize(record);
        Assert.Contains("\"gradient_evaluations\": 12345", json, StringComparison.Ordinal);
        Assert.Contains("\"max_treedepth\": 10", json, StringComparison.Ordinal);
        Assert.Contains("\"stepsize_jitter\": 0.25", json, StringComparison.Ordinal);
        Assert.Contains("\"centring\": \"intercept\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ebfmi\": \"NaN\"", json, StringComparison.Ordinal);
        Assert.Contains("\"cpu_seconds\": 2.75", json, StringComparison.Ordinal);
        Assert.Contains("\"peak_resident_mb\": 96.5", json, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        FitJson.Write(dir.File("fit.json"), record);
        var back = FitJson.Read(dir.File("fit.json"));
        Assert.Equal("r_g[a b,Intercept]", FitJson.ColumnNames(back)["r_g.1.1"]);
        Assert.Equal(record.Model.Formula, back.Model.Formula);
        Assert.Equal(record.Seed, back.Seed);
        Assert.Equal("intercept", back.Model.Centring);
        Assert.Equal(["d in dept: intercept"], back.Model.CentredPairs);
        Assert.True(double.IsNaN(back.Chains[0].Ebfmi));
        Assert.Equal(record.Stages, back.Stages);
    }
}
