// The reference models, built from their data files and formulas, report exactly brms's variable names.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class ReferenceModelTests
{
    /// <summary>name, data file, factors, formula, family, priors (the project's reference table).</summary>
    public static TheoryData<string, string, string, string, string, string> Models => new()
    {
        { "sleepstudy", "sleepstudy.csv", "", "Reaction ~ 0 + Intercept + Days + (1 + Days | Subject)", "gaussian",
          "b ~ normal(0, 500); sd ~ student_t(3, 0, 50); sigma ~ student_t(3, 0, 50); cor ~ lkj(2)" },
        { "radon", "radon_mn.csv", "", "log_radon ~ 0 + Intercept + floor + (1 + floor | county)", "gaussian",
          "b ~ normal(0, 10); sd ~ student_t(3, 0, 2.5); sigma ~ student_t(3, 0, 2.5); cor ~ lkj(2)" },
        { "cbpp", "cbpp.csv", "period", "incidence | trials(size) ~ 0 + Intercept + period + (1 | herd)", "binomial",
          "b ~ normal(0, 5); sd ~ student_t(3, 0, 2.5)" },
        { "epilepsy", "epilepsy.csv", "Trt", "count ~ 0 + Intercept + zAge + zBase * Trt + (1 | patient) + (1 | obs)", "poisson",
          "b ~ normal(0, 5); sd ~ student_t(3, 0, 2.5)" },
        { "pilots", "pilots.csv", "", "y ~ 0 + Intercept + (1 | scenario) + (1 | group)", "gaussian",
          "b ~ normal(0, 5); sd ~ student_t(3, 0, 2.5); sigma ~ student_t(3, 0, 2.5)" },
        { "eight_schools", "eight_schools.csv", "", "y | se(sigma) ~ 0 + Intercept + (1 | school)", "gaussian",
          "b ~ normal(0, 5); sd ~ cauchy(0, 5)" },
    };

    internal static GlmmModel Build(string file, string factors, string formula, string family, string priors, GlmmOptions? options = null)
    {
        var data = DataTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "Reference", "data", file),
            factors.Length == 0 ? null : factors.Split(','));
        var frame = ModelFrameBuilder.Build(data, Formula.Parse(formula));
        return GlmmModel.Create(frame, FamilySpec.Parse(family), priors.Split(';').Select(p => PriorSpec.Parse(p.Trim())).ToArray(), options);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OutputNamesAreBrmsNames(string name, string file, string factors, string formula, string family, string priors)
    {
        var model = Build(file, factors, formula, family, priors);
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", "names", name + ".txt"))
            .Where(l => l.Length > 0).ToArray();
        Assert.Equal(expected, model.OutputNames);
        Assert.All(model.PriorsUsed, p => Assert.False(p.IsDefault, $"{p.Parameter} uses the default {p.Prior}"));
        var rng = new Numerics.Random.RandomStream(1);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        NumericalCheck.AssertGradient(model.Create(), x, 1e-5);
    }
}
