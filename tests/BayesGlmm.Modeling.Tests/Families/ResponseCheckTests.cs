using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>Each response check throws an InputException that names the response and the 1-based data row.</summary>
public sealed class ResponseCheckTests
{
    // Observation 2 is data row 8 (source row 7 + 1): rows were dropped before it.
    private static readonly int[] SourceRows = [0, 4, 7];

    private static InputException Bad(string family, ResponseData response)
        => Assert.Throws<InputException>(() => FamilySpec.Parse(family).Bind(response, SourceRows));

    private static ResponseData R(double last, double[]? trials = null, double[]? se = null, double first = 1, double second = 1)
        => new() { Name = "resp", Values = [first, second, last], Trials = trials, KnownStandardErrors = se };

    [Theory]
    [InlineData("poisson", -1.0, "count")]
    [InlineData("poisson", 1.5, "count")]
    [InlineData("negbinomial", double.NaN, "count")]
    [InlineData("zero_inflated_poisson", -2.0, "count")]
    [InlineData("zero_inflated_negbinomial", 0.5, "count")]
    [InlineData("hurdle_poisson", double.NaN, "count")]
    [InlineData("hurdle_negbinomial", 3.25, "count")]
    [InlineData("bernoulli", 2.0, "0 or 1")]
    [InlineData("gamma", 0.0, "positive")]
    [InlineData("gamma(log)", -3.0, "positive")]
    [InlineData("lognormal", -1.0, "positive")]
    [InlineData("gaussian", double.PositiveInfinity, "finite")]
    [InlineData("student", double.NaN, "finite")]
    public void BadValueNamesResponseAndRow(string family, double value, string what)
    {
        var e = Bad(family, R(value));
        Assert.Contains("'resp'", e.Message);
        Assert.Contains("data row 8", e.Message);
        Assert.Contains(what, e.Message);
        Assert.Contains(FamilySpec.Parse(family).Name, e.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-0.2)]
    public void BetaNeedsTheOpenUnitInterval(double value)
    {
        var e = Bad("beta", R(value, first: 0.5, second: 0.5));
        Assert.Contains("'resp'", e.Message);
        Assert.Contains("data row 8", e.Message);
        Assert.Contains("strictly between 0 and 1", e.Message);
    }

    [Fact]
    public void SuccessesCannotExceedTrials()
    {
        var e = Bad("binomial", R(6, trials: [3, 3, 5]));
        Assert.Contains("'resp'", e.Message);
        Assert.Contains("data row 8", e.Message);
        Assert.Contains("cannot exceed the trials", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    [InlineData(-1.0)]
    public void TrialsArePositiveIntegers(double trials)
    {
        var e = Bad("binomial(probit)", R(0, trials: [3, 3, trials]));
        Assert.Contains("trials", e.Message);
        Assert.Contains("data row 8", e.Message);
    }

    [Fact]
    public void KnownStandardErrorsArePositive()
    {
        var e = Bad("gaussian", R(1, se: [1, 1, 0]));
        Assert.Contains("se()", e.Message);
        Assert.Contains("'resp'", e.Message);
        Assert.Contains("data row 8", e.Message);
    }

    [Fact]
    public void WithoutSourceRowsTheRowIsTheObservationPlusOne()
    {
        var e = Assert.Throws<InputException>(() => FamilySpec.Parse("poisson").Bind(R(-1)));
        Assert.Contains("data row 3", e.Message);
    }

    [Fact]
    public void AdditionsOnlyWhereTheFamilyTakesThem()
    {
        Assert.Contains("trials()", Bad("poisson", R(1, trials: [3, 3, 3])).Message);
        Assert.Contains("trials()", Bad("bernoulli", R(1, trials: [3, 3, 3])).Message);
        Assert.Contains("se()", Bad("poisson", R(1, se: [1, 1, 1])).Message);
    }

    [Fact]
    public void BinomialWithoutTrialsIsBernoulliLike()
    {
        var binomial = FamilySpec.Parse("binomial").Bind(new() { Name = "y", Values = [0, 1, 1] });
        var bernoulli = FamilySpec.Parse("bernoulli").Bind(new() { Name = "y", Values = [0, 1, 1] });
        double[] eta = [0.1, -0.4, 2];
        Assert.Equal(bernoulli.Evaluate(eta, [], new double[3], []), binomial.Evaluate(eta, [], new double[3], []));
        Assert.Throws<InputException>(() => FamilySpec.Parse("binomial").Bind(new() { Name = "y", Values = [0, 2] }));
    }
}
