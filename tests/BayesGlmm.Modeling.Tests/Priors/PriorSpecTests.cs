// Prior statements parse into target and distribution; bad statements are input errors that name the prior.
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling.Tests.Priors;

public sealed class PriorSpecTests
{
    [Theory]
    [InlineData("b ~ normal(0, 5)", "b", null, null, "normal(0, 5)")]
    [InlineData("b_zAge ~ normal(0, 1)", "b", null, "zAge", "normal(0, 1)")]
    [InlineData("b_zBase:Trt1~normal(0,1)", "b", null, "zBase:Trt1", "normal(0, 1)")]
    [InlineData("Intercept ~ student_t(3, 0, 2.5)", "Intercept", null, null, "student_t(3, 0, 2.5)")]
    [InlineData("sd ~ student_t(3, 0, 2.5)", "sd", null, null, "student_t(3, 0, 2.5)")]
    [InlineData("sd_patient ~ exponential(1)", "sd", "patient", null, "exponential(1)")]
    [InlineData("sd_g1:g2 ~ exponential(1)", "sd", "g1:g2", null, "exponential(1)")]
    [InlineData("sd_g__x ~ cauchy(0, 5)", "sd", "g", "x", "cauchy(0, 5)")]
    [InlineData("sigma ~ student_t(3, 0, 2.5)", "sigma", null, null, "student_t(3, 0, 2.5)")]
    [InlineData("cor ~ lkj(2)", "cor", null, null, "lkj(2)")]
    [InlineData("cor_Subject ~ lkj(1.5)", "cor", "Subject", null, "lkj(1.5)")]
    [InlineData("shape ~ gamma(0.01, 0.01)", "shape", null, null, "gamma(0.01, 0.01)")]
    [InlineData("phi ~ inv_gamma(2, 1e-1)", "phi", null, null, "inv_gamma(2, 0.1)")]
    [InlineData("nu ~ lognormal(-1.5, 2)", "nu", null, null, "lognormal(-1.5, 2)")]
    [InlineData("lambda_pump ~ exponential(1)", "lambda", "pump", null, "exponential(1)")]
    [InlineData("df ~ uniform(1, 50)", "df", null, null, "uniform(1, 50)")]
    [InlineData("zi ~ beta(1, 1)", "zi", null, null, "beta(1, 1)")]
    [InlineData("hu ~ beta(2, 5)", "hu", null, null, "beta(2, 5)")]
    [InlineData("sds ~ student_t(3, 0, 2.5)", "sds", null, null, "student_t(3, 0, 2.5)")]
    [InlineData("sds_sx_1 ~ exponential(2)", "sds", "sx_1", null, "exponential(2)")]
    public void ParsesTargetsAndDistributions(string text, string cls, string? group, string? coef, string distribution)
    {
        var p = PriorSpec.Parse(text);
        Assert.Equal(cls, p.Class);
        Assert.Equal(group, p.Group);
        Assert.Equal(coef, p.Coefficient);
        Assert.Equal(distribution, p.Distribution.ToString());
        // The target and distribution print back to an equivalent statement.
        Assert.Equal(p with { Text = "" }, PriorSpec.Parse($"{p.Target} ~ {p.Distribution}") with { Text = "" });
    }

    [Theory]
    [InlineData("b normal(0, 5)")]
    [InlineData("~ normal(0, 5)")]
    [InlineData("b ~ normal(0)")]
    [InlineData("b ~ norm(0, 1)")]
    [InlineData("b ~ normal(0, -1)")]
    [InlineData("b ~ normal(0, 1) extra")]
    [InlineData("b ~ normal(0, 1")]
    [InlineData("b ~ normal(a, 1)")]
    [InlineData("b ~ ")]
    [InlineData("foo ~ normal(0, 1)")]
    [InlineData("sd_g__ ~ normal(0, 1)")]
    [InlineData("b ~ lkj(2)")]
    [InlineData("cor ~ normal(0, 1)")]
    [InlineData("b x ~ normal(0, 1)")]
    [InlineData("b ~ uniform(2, 1)")]
    [InlineData("sd ~ gamma(0, 1)")]
    public void BadStatementsAreInputErrorsNamingThePrior(string text)
    {
        var e = Assert.Throws<InputException>(() => PriorSpec.Parse(text));
        Assert.Contains(text.Trim(), e.Message);
        Assert.Equal(2, e.Details.Count);
    }
}
