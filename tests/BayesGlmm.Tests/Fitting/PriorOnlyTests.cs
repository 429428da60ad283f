// Sampling the prior alone (brms's sample_prior = "only"): the draws have the prior's known moments.
using System.Globalization;
using System.Text;
using BayesGlmm.Fitting;

namespace BayesGlmm.Tests.Fitting;

public sealed class PriorOnlyTests
{
    /// <summary>30 counts in 5 groups with a covariate; the response does not matter when the likelihood is off.</summary>
    private static string WriteData(TempDirectory dir)
    {
        var csv = new StringBuilder("y,x,g\n");
        for (int i = 0; i < 30; i++) csv.Append(CultureInfo.InvariantCulture, $"{(i * 7) % 5},{(i % 6 - 2.5) / 2},g{i % 5}\n");
        string path = dir.File("counts.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>
    /// Each reported quantity's mean and sd against the prior's: b ~ normal(1, 2); sd ~ normal(0, 1) on (0, ∞), a half-normal
    /// with mean √(2/π) and sd √(1 − 2/π); cor ~ lkj(2) in two dimensions, whose correlation is 2 Beta(2, 2) − 1 (mean 0,
    /// variance 1/(2η + K − 1) = 1/5; Lewandowski, Kurowicka &amp; Joe 2009, §3.2); shape ~ gamma(4, 2) (mean 2, sd 1);
    /// zi ~ beta(2, 3) (mean 0.4, sd 0.2); each r_ effect N(0, sd²) with sd half-normal, so mean 0 and variance E sd² = 1.
    /// Within 4.5 Monte Carlo standard errors of the summary (posterior's mcse_mean and mcse_sd).
    /// </summary>
    [Fact]
    public void PriorOnlyDrawsHaveThePriorsMoments()
    {
        using var dir = new TempDirectory();
        var spec = new ModelSpec("prior_only", WriteData(dir), "y ~ 0 + Intercept + x + (1 + x | g)", "zero_inflated_negbinomial",
            ["b ~ normal(1, 2)", "sd ~ normal(0, 1)", "cor ~ lkj(2)", "shape ~ gamma(4, 2)", "zi ~ beta(2, 3)"], []) { PriorOnly = true };
        var fit = FitService.Run(spec, new Sampling.SamplerOptions { Seed = 3, MaxDegreeOfParallelism = 2 }, new FitOutputOptions(dir.File("out")));
        Assert.True(fit.Record.Model.PriorOnly);
        Assert.Contains("Prior: sampled alone", fit.SummaryText);
        var expected = new Dictionary<string, (double Mean, double Sd)>
        {
            ["b_Intercept"] = (1, 2), ["b_x"] = (1, 2),
            ["sd_g__Intercept"] = (Math.Sqrt(2 / Math.PI), Math.Sqrt(1 - 2 / Math.PI)), ["sd_g__x"] = (Math.Sqrt(2 / Math.PI), Math.Sqrt(1 - 2 / Math.PI)),
            ["cor_g__Intercept__x"] = (0, Math.Sqrt(0.2)), ["shape"] = (2, 1), ["zi"] = (0.4, 0.2),
        };
        foreach (var row in fit.Summary.Where(r => r.Variable.StartsWith("r_g[", StringComparison.Ordinal))) expected[row.Variable] = (0, 1);
        Assert.Equal(7 + 10, expected.Count);
        foreach (var (name, (mean, sd)) in expected)
        {
            var row = fit.Summary.Single(r => r.Variable == name);
            Assert.True(row.EssBulk > 400, $"{name}: bulk ESS {row.EssBulk}");
            Assert.True(Math.Abs(row.Mean - mean) <= 4.5 * row.McseMean, $"{name}: mean {row.Mean} (mcse {row.McseMean}), prior mean {mean}");
            Assert.True(Math.Abs(row.Sd - sd) <= 4.5 * row.McseSd, $"{name}: sd {row.Sd} (mcse {row.McseSd}), prior sd {sd}");
        }
    }

    [Fact]
    public void AModelFileAsksForThePriorAloneAsBrmsDoes()
    {
        using var dir = new TempDirectory();
        string data = WriteData(dir);
        string file = dir.File("model.json");
        File.WriteAllText(file, $$"""{ "data": "{{Path.GetFileName(data)}}", "formula": "y ~ x", "family": "poisson", "sample_prior": "only" }""");
        Assert.True(ModelFile.Load(file).Model.PriorOnly);
        File.WriteAllText(file, $$"""{ "data": "{{Path.GetFileName(data)}}", "formula": "y ~ x", "family": "poisson", "sample_prior": "no" }""");
        Assert.False(ModelFile.Load(file).Model.PriorOnly);
        File.WriteAllText(file, $$"""{ "data": "{{Path.GetFileName(data)}}", "formula": "y ~ x", "family": "poisson", "sample_prior": "yes" }""");
        var e = Assert.Throws<Modeling.InputException>(() => ModelFile.Load(file));
        Assert.Contains("sample_prior", e.Message);
    }

    /// <summary>With the likelihood off there is nothing to integrate conjugate effects against: they are sampled jointly.</summary>
    [Fact]
    public void ConjugateEffectsAreSampledJointlyFromThePriorAlone()
    {
        using var dir = new TempDirectory();
        var spec = new ModelSpec("hglm", WriteData(dir), "y ~ 1 + (1 | gr(g, dist = \"gamma\"))", "poisson", [], []) { PriorOnly = true };
        var model = Assert.IsType<Modeling.GlmmModel>(ModelComposition.Prepare(spec).Model);
        var block = Assert.Single(model.Structure.Blocks);
        Assert.False(block.IsIntegrated);
        Assert.True(model.Structure.PriorOnly);
        Assert.True(Assert.IsType<Modeling.GlmmModel>(ModelComposition.Prepare(spec with { PriorOnly = false }).Model).Structure.Blocks[0].IsIntegrated);
    }
}
