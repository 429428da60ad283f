using BayesGlmm.Modeling.Families;

namespace BayesGlmm.Modeling.Tests.Families;

public sealed class FamilySpecTests
{
    [Theory]
    [InlineData("gaussian", "gaussian", "identity")]
    [InlineData("gaussian(log)", "gaussian", "log")]
    [InlineData("bernoulli", "bernoulli", "logit")]
    [InlineData("binomial(probit)", "binomial", "probit")]
    [InlineData(" binomial ( link = \"cloglog\" ) ", "binomial", "cloglog")]
    [InlineData("poisson", "poisson", "log")]
    [InlineData("negbinomial", "negbinomial", "log")]
    [InlineData("Gamma", "gamma", "inverse")]
    [InlineData("gamma(log)", "gamma", "log")]
    [InlineData("lognormal", "lognormal", "identity")]
    [InlineData("Beta", "beta", "logit")]
    [InlineData("student", "student", "identity")]
    [InlineData("poisson('log')", "poisson", "log")]
    [InlineData("zero_inflated_poisson", "zero_inflated_poisson", "log")]
    [InlineData("zero_inflated_negbinomial(log)", "zero_inflated_negbinomial", "log")]
    [InlineData("hurdle_poisson", "hurdle_poisson", "log")]
    [InlineData("Hurdle_NegBinomial", "hurdle_negbinomial", "log")]
    public void ParsesFamiliesAndLinks(string text, string name, string link)
    {
        var family = FamilySpec.Parse(text);
        Assert.Equal(name, family.Name);
        Assert.Equal(link, family.LinkName);
    }

    [Fact]
    public void UnknownFamilyListsTheValidOnes()
    {
        var e = Assert.Throws<InputException>(() => FamilySpec.Parse("weibull"));
        Assert.Contains("weibull", e.Message);
        foreach (var name in FamilySpec.FamilyNames) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void UnknownLinkListsTheValidOnes()
    {
        var e = Assert.Throws<InputException>(() => FamilySpec.Parse("poisson(identity)"));
        Assert.Contains("identity", e.Message);
        Assert.Contains("Valid links for poisson: log", e.Message);
        var g = Assert.Throws<InputException>(() => FamilySpec.Parse("gamma(logit)"));
        Assert.Contains("inverse, log", g.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("binomial(")]
    [InlineData("binomial(logit, probit)")]
    public void MalformedTextIsAnInputError(string text) => Assert.Throws<InputException>(() => FamilySpec.Parse(text));
}
