// Text where numbers belong: a text response under a numeric family, and numbers written with decimal commas, are refused by name.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

/// <summary>
/// A text column read as a factor would otherwise be fitted as its level codes (a yes/no or low/medium/high response
/// under gaussian, a <c>"1,5"</c> column as a factor with one level per value). Every refusal names the column, a data
/// row and its value, and says what to write instead.
/// </summary>
public sealed class TextInputTests
{
    private const string Levels = "y,x,g\nlow,0.1,a\nmedium,0.4,a\nhigh,0.2,b\nlow,0.9,b\nhigh,0.5,c\nmedium,0.3,c\n";
    private const string YesNo = "y,x,g\nno,0.1,a\nyes,0.4,a\nyes,0.2,b\nno,0.9,b\nyes,0.5,c\nno,0.3,c\n";
    private const string Commas = "y,x,g\n\"1,5\",0.1,a\n\"2,25\",0.4,a\n\"0,5\",0.2,b\n\"1\",0.9,b\n\"3,75\",0.5,c\n\"2\",0.3,c\n";

    private static GlmmModel Fit(string csv, string family, string formula = "y ~ x + (1 | g)", string[]? factors = null) =>
        GlmmModel.Create(ModelFrameBuilder.Build(DataTable.ParseCsv(csv, "data.csv", factors), Formula.Parse(formula)), FamilySpec.Parse(family), []);

    private static string Refused(string csv, string family, string formula = "y ~ x + (1 | g)", string[]? factors = null) =>
        Assert.Throws<InputException>(() => Fit(csv, family, formula, factors)).Message;

    private static void Mentions(string message, params string[] parts)
    {
        foreach (string part in parts) Assert.Contains(part, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("student")]
    [InlineData("poisson")]
    [InlineData("negbinomial")]
    [InlineData("binomial")]
    [InlineData("gamma")]
    [InlineData("lognormal")]
    [InlineData("beta")]
    public void ATextResponseUnderANumericFamilyIsRefusedWithTheFamiliesForCategories(string family)
    {
        string message = Refused(Levels, family);
        Mentions(message, "column 'y' holds text (3 levels: 'high', 'low', 'medium')", "data row 1 has 'low'", $"of the {FamilySpec.Parse(family).Name} family", "cumulative", "categorical");
    }

    [Fact]
    public void ATwoLevelTextResponseUnderGaussianPointsToBernoulli()
    {
        string message = Refused(YesNo, "gaussian");
        Mentions(message, "data row 1 has 'no'", "use family bernoulli (the second level, 'yes', counts as 1)");
        // bernoulli takes it, with the second level as 1 (brms).
        var model = Fit(YesNo, "bernoulli");
        Assert.Equal([0.0, 1, 1, 0, 1, 0], model.Frame.Response.Values);
    }

    [Fact]
    public void BernoulliRefusesMoreThanTwoLevelsAndASingleOne()
    {
        string three = Refused(Levels, "bernoulli");
        Mentions(three, "must be 0/1 or two levels", "3 levels", "family cumulative");
        string one = Refused("y,x,g\nyes,0.1,a\nyes,0.4,b\nyes,0.3,a\n", "bernoulli");
        Mentions(one, "one level: 'yes'", "0 and 1");
    }

    [Fact]
    public void TheCategoryFamiliesStillTakeText()
    {
        Assert.Equal(2, Fit(Levels, "cumulative").OutputNames.Count(n => n.StartsWith("b_Intercept[", StringComparison.Ordinal)));
        Assert.Contains("b_mulow_Intercept", Fit(Levels, "categorical").OutputNames);
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("gamma")]
    [InlineData("bernoulli")]
    public void AResponseWithDecimalCommasIsRefusedAsSuch(string family)
    {
        string message = Refused(Commas, family);
        Mentions(message, "column 'y'", "data row 1 has '1,5'", "decimal comma", "decimal point");
    }

    [Fact]
    public void ADeclaredFactorResponseUnderANumericFamilyIsRefused()
    {
        string csv = "y,x,g\n1,0.1,a\n2,0.4,a\n5,0.2,b\n1,0.9,b\n";
        string message = Refused(csv, "poisson", factors: ["y"]);
        Mentions(message, "is declared a factor", "Do not declare it a factor");
        Assert.Equal([1.0, 2, 5, 1], Fit(csv, "poisson").Frame.Response.Values);
    }

    [Theory]
    [InlineData("y ~ x + (1 | g)")]
    [InlineData("y ~ 1 + (1 + x | g)")]
    [InlineData("y ~ log(x) + (1 | g)")]
    [InlineData("y ~ 1 + offset(x) + (1 | g)")]
    public void APredictorWithDecimalCommasIsRefusedNamingFileRowColumnAndValue(string formula)
    {
        string csv = "y,x,g\n1.5,\"0,1\",a\n2.1,\"1\",a\n0.3,\"0,25\",b\n1.1,\"2,5\",b\n";
        string message = Refused(csv, "gaussian", formula);
        Mentions(message, "data.csv, row 1, column 'x': '0,1' is a number written with a decimal comma", "decimal point", "declare it (\"factors\")");
        Assert.Equal(new SettingRemedy(SettingRemedy.Factors, "x"), Assert.Throws<InputException>(() => Fit(csv, "gaussian", formula)).Remedy);
    }

    [Fact]
    public void ADeclaredFactorOrAGroupingColumnMayHoldCommas()
    {
        string csv = "y,x,g\n1.5,\"0,1\",\"a,1\"\n2.1,\"1\",\"a,1\"\n0.3,\"0,25\",\"b,2\"\n1.1,\"0,1\",\"b,2\"\n";
        Assert.Contains("b_x1", Fit(csv, "gaussian", factors: ["x"]).OutputNames);
        Assert.Contains("r_g[b,2,Intercept]", Fit(csv, "gaussian", "y ~ 1 + (1 | g)").OutputNames);
    }

    [Theory]
    [InlineData("1,5", true)]
    [InlineData("-0,25", true)]
    [InlineData("1.234,5", true)]
    [InlineData("2,5e-3", true)]
    [InlineData(" 3,0 ", true)]
    [InlineData("1.5", false)]
    [InlineData("a,1", false)]
    [InlineData("1,", false)]
    [InlineData(",5", false)]
    [InlineData("1,2,3", false)]
    [InlineData("12.34,5", false)]
    public void DecimalCommaNumbersAreRecognised(string text, bool expected) =>
        Assert.Equal(expected, NumberText.IsDecimalComma(text));
}
