using System.Globalization;
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Tests.Calibration;

/// <summary>SBC of a small-cluster Poisson GLMM (8 groups of 3 observations) through the real model and sampler.</summary>
public sealed class GlmmSbcTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sbc-glmm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static GlmmModel PoissonModel(params string[] priors)
    {
        var csv = new System.Text.StringBuilder("y,x,g\n");
        for (int g = 0; g < 8; g++)
            for (int j = 0; j < 3; j++)
                csv.Append(CultureInfo.InvariantCulture, $"0,{(j - 1) * 0.5 + g * 0.1},g{g}\n");
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(csv.ToString(), "grid.csv"), Formula.Parse("y ~ 1 + x + (1 | g)"));
        return GlmmModel.Create(frame, FamilySpec.Parse("poisson"), priors.Select(PriorSpec.Parse).ToArray());
    }

    private static readonly SbcOptions Options = new()
    {
        Simulations = 100,
        Seed = 11,
        Sampler = new SamplerOptions { Chains = 4, Warmup = 300, Draws = 300 },
    };

    [Fact]
    [Trait("Category", "Slow")]
    public void ACategoricalGlmmRunsThroughSbc()
    {
        // Simulation from the prior, refits with replicated categories and ranks, for every category's parameters.
        var csv = new System.Text.StringBuilder("y,x,g\n");
        for (int i = 0; i < 30; i++) csv.Append(CultureInfo.InvariantCulture, $"\"{(char)('a' + i % 3)}\",{(i % 5 - 2) * 0.5},g{i % 6}\n");
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(csv.ToString(), "categories.csv"), Formula.Parse("y ~ x + (1 | g)"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"),
            new[] { "Intercept ~ normal(0, 1)", "b ~ normal(0, 0.5)", "sd ~ normal(0, 0.5)" }.Select(PriorSpec.Parse).ToArray());
        var result = new SbcStudy(model, Options with { Simulations = 4, Sampler = new SamplerOptions { Chains = 2, Warmup = 150, Draws = 150 } })
            .Run(Path.Combine(_dir, "categorical"));
        Assert.Equal(["b_mub_Intercept", "b_muc_Intercept", "b_mub_x", "b_muc_x", "sd_g__mub_Intercept", "sd_g__muc_Intercept"],
            result.Uniformity.Select(u => u.Variable));
        Assert.All(result.Simulations, s => Assert.Null(s.Error));
        Assert.Equal(4, result.RanksOf("b_muc_x").Length);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("zero_inflated_poisson")]
    [InlineData("zero_inflated_negbinomial")]
    [InlineData("hurdle_poisson")]
    [InlineData("hurdle_negbinomial")]
    public void ZeroInflatedAndHurdleGlmmsAreCalibrated(string family)
    {
        var csv = new System.Text.StringBuilder("y,x,g\n");
        for (int g = 0; g < 8; g++)
            for (int j = 0; j < 5; j++)
                csv.Append(CultureInfo.InvariantCulture, $"0,{(j - 2) * 0.4 + g * 0.1},g{g}\n");
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(csv.ToString(), "grid.csv"), Formula.Parse("y ~ 1 + x + (1 | g)"));
        bool negativeBinomial = family.EndsWith("negbinomial", StringComparison.Ordinal);
        string zero = family.StartsWith("hurdle", StringComparison.Ordinal) ? "hu" : "zi";
        string[] priors = ["Intercept ~ normal(1, 0.5)", "b ~ normal(0, 0.5)", "sd ~ normal(0, 0.5)", zero + " ~ beta(2, 4)", .. negativeBinomial ? ["shape ~ lognormal(1, 0.5)"] : Array.Empty<string>()];
        var model = GlmmModel.Create(frame, FamilySpec.Parse(family), priors.Select(PriorSpec.Parse).ToArray());
        var result = new SbcStudy(model, Options with { Simulations = 60 }).Run(Path.Combine(_dir, family));
        string[] expected = ["b_Intercept", "b_x", "sd_g__Intercept", .. negativeBinomial ? ["shape"] : Array.Empty<string>(), zero];
        Assert.Equal(expected, result.Uniformity.Select(u => u.Variable));
        Assert.All(result.Simulations, s => Assert.Null(s.Error));
        Assert.All(result.Uniformity, u => Assert.True(u.Result.PValue > 0.001, $"{family} {u.Variable}: p = {u.Result.PValue}"));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PoissonGlmmIsCalibratedAndAWiderGeneratingPriorIsNot()
    {
        var model = PoissonModel("Intercept ~ normal(1, 0.5)", "b ~ normal(0, 0.5)", "sd ~ normal(0, 0.5)");
        var calibrated = new SbcStudy(model, Options).Run(Path.Combine(_dir, "calibrated"));
        Assert.Equal(new[] { "b_Intercept", "b_x", "sd_g__Intercept" }, calibrated.Uniformity.Select(u => u.Variable));
        Assert.All(calibrated.Uniformity, u => Assert.True(u.Result.PValue > 0.001, $"{u.Variable}: p = {u.Result.PValue}"));

        var wide = PoissonModel("Intercept ~ normal(1, 1)", "b ~ normal(0, 1)", "sd ~ normal(0, 1)");
        var mismatched = new SbcStudy(model, Options, wide).Run(Path.Combine(_dir, "wide"));
        Assert.Contains(mismatched.Uniformity, u => u.Result.Verdict == CalibrationVerdict.Miscalibrated);
    }
}
