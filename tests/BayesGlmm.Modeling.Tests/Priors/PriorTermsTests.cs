// The GLMM's log prior split into labelled terms: labels, classes, and a sum equal to the joint log prior.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Priors;

public sealed class PriorTermsTests
{
    private static GlmmModel Correlated()
    {
        var rng = new RandomStream(41);
        var frame = ModelBuilder.Random(rng, 40, 3, true, [new TermSpec("g", 4, 3), new TermSpec("h", 3, 1, Student: true)], new StudentIdentity());
        return GlmmModel.Create(frame, new StudentIdentity(),
            [PriorSpec.Parse("b ~ normal(1, 2)"), PriorSpec.Parse("sd_g ~ exponential(2)"), PriorSpec.Parse("cor ~ lkj(2)")]);
    }

    [Fact]
    public void TermsNameEveryPriorWithItsClass()
    {
        var terms = Correlated().PriorTerms;
        Assert.Equal(
        [
            new("Intercept", "Intercept"), new("b_x1", "b"), new("b_x2", "b"),
            new("sd_g__Intercept", "sd"), new("sd_g__w1", "sd"), new("sd_g__w2", "sd"), new("cor_g", "cor"),
            new("sd_h__Intercept", "sd"), new("df_h", "df"),
            new("sigma", "sigma"), new("nu", "nu"),
        ], terms.ToArray());
    }

    [Fact]
    public void TermsSumToTheJointLogPriorAtPriorDraws()
    {
        var uncentred = new GlmmOptions { Center = false };
        foreach (var model in new[]
                 {
                     Correlated(), GlmmModel.Create(OrdinalGlmmTests.Wine(new RandomStream(3, 32)), FamilySpec.Parse("cumulative(logit)"), []),
                     GlmmModel.Create(OrdinalGlmmTests.Wine(new RandomStream(3, 32)), FamilySpec.Parse("cumulative(logit)"), [], uncentred),
                     GlmmModel.Create(OutputNameTests.Sleepstudy(["1", "2", "3"]), new GaussianIdentity(), []),
                 })
            PriorTermChecks.AssertSumToLogPrior(model, new RandomStream(7, 1), 200);
    }

    [Fact]
    public void OrdinalCutpointsAreOfClassIntercept()
    {
        var model = GlmmModel.Create(OrdinalGlmmTests.Wine(new RandomStream(3, 32)), FamilySpec.Parse("cumulative(logit)"), [], new GlmmOptions { Center = false });
        var terms = model.PriorTerms;
        Assert.Equal(["b_Intercept[1]", "b_Intercept[2]", "b_Intercept[3]", "b_Intercept[4]"],
            terms.Where(t => t.Class == "Intercept").Select(t => t.Parameter).ToArray());
        // brms's default centring: the prior is on the cutpoints of the centred predictors.
        var centred = GlmmModel.Create(OrdinalGlmmTests.Wine(new RandomStream(3, 32)), FamilySpec.Parse("cumulative(logit)"), []);
        Assert.Equal(["Intercept[1]", "Intercept[2]", "Intercept[3]", "Intercept[4]"],
            centred.PriorTerms.Where(t => t.Class == "Intercept").Select(t => t.Parameter).ToArray());
        Assert.Equal(["b_tempwarm", "b_contactyes"], terms.Where(t => t.Class == "b").Select(t => t.Parameter).ToArray());
    }

    [Fact]
    public void AnOneTermValueIsItsPriorDensity()
    {
        var model = Correlated();
        var outputs = new double[model.OutputNames.Count];
        model.DrawFromPrior(new RandomStream(9, 2), outputs);
        var terms = new double[model.PriorTerms.Count];
        model.LogPriorTerms(outputs, terms);
        double b1 = outputs[model.OutputNames.ToList().IndexOf("b_x1")];
        double expected = -0.5 * Math.Log(2 * Math.PI) - Math.Log(2) - 0.5 * (b1 - 1) * (b1 - 1) / 4;
        Assert.Equal(expected, terms[1], 12);
        double sd = outputs[model.OutputNames.ToList().IndexOf("sd_g__w1")];
        Assert.Equal(Math.Log(2) - 2 * sd, terms[4], 12);
    }

    [Theory]
    [InlineData("sd", new[] { "sd_g__Intercept", "sd_g__w1", "sd_g__w2", "sd_h__Intercept" })]
    [InlineData("sd_g", new[] { "sd_g__Intercept", "sd_g__w1", "sd_g__w2" })]
    [InlineData("sd_g__w1", new[] { "sd_g__w1" })]
    [InlineData("cor_g", new[] { "cor_g" })]
    [InlineData("b", new[] { "b_x1", "b_x2" })]
    [InlineData("Intercept", new[] { "Intercept" })]
    [InlineData("b_Intercept", new string[0])]
    [InlineData("sd_x", new string[0])]
    public void SelectorsPickClassesGroupsAndSinglePriors(string selector, string[] expected) =>
        Assert.Equal(expected, Correlated().PriorTerms.Where(t => t.IsSelectedBy(selector)).Select(t => t.Parameter).ToArray());
}
