// X and its names against R's model.matrix on small hand-made tables (expected values written by hand).
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class DesignMatrixTests
{
    // x numeric; f with levels a, b, c; g with levels u, v, w.
    private static readonly DataTable Table = DataTable.ParseCsv(
        "y,x,f,g\n" +
        "1,0.5,a,u\n" +
        "2,1.0,b,u\n" +
        "3,1.5,c,v\n" +
        "4,2.0,a,v\n" +
        "5,2.5,b,w\n", "table.csv");

    private static ModelFrame Frame(string formula) => ModelFrameBuilder.Build(Table, Formula.Parse(formula));

    private static void AssertX(ModelFrame frame, string[] names, double[,] expected)
    {
        Assert.Equal(names, frame.Fixed.CoefficientNames);
        var x = frame.Fixed.X;
        Assert.Equal(expected.GetLength(0), x.Rows);
        Assert.Equal(expected.GetLength(1), x.Columns);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++)
                Assert.Equal(expected[i, j], x[i, j]);
    }

    [Fact]
    public void Numeric_and_factor_main_effects_use_treatment_contrasts()
    {
        // model.matrix(~ x + f): (Intercept) x fb fc
        var frame = Frame("y ~ x + f");
        AssertX(frame, ["Intercept", "x", "fb", "fc"], new double[,]
        {
            { 1, 0.5, 0, 0 },
            { 1, 1.0, 1, 0 },
            { 1, 1.5, 0, 1 },
            { 1, 2.0, 0, 0 },
            { 1, 2.5, 1, 0 },
        });
        Assert.Equal(0, frame.Fixed.InterceptColumn);
    }

    [Fact]
    public void Without_an_intercept_the_first_factor_gets_all_its_levels()
    {
        // model.matrix(~ 0 + f + g): fa fb fc gv gw
        AssertX(Frame("y ~ 0 + f + g"), ["fa", "fb", "fc", "gv", "gw"], new double[,]
        {
            { 1, 0, 0, 0, 0 },
            { 0, 1, 0, 0, 0 },
            { 0, 0, 1, 1, 0 },
            { 1, 0, 0, 1, 0 },
            { 0, 1, 0, 0, 1 },
        });
        Assert.Equal(-1, Frame("y ~ 0 + f + g").Fixed.InterceptColumn);
        // The same with x first: x has no levels, so f is still the first factor.
        Assert.Equal(["x", "fa", "fb", "fc"], Frame("y ~ x + f - 1").Fixed.CoefficientNames);
    }

    [Fact]
    public void Zero_plus_Intercept_keeps_treatment_contrasts_as_brms_does()
    {
        var frame = Frame("y ~ 0 + Intercept + f");
        AssertX(frame, ["Intercept", "fb", "fc"], new double[,]
        {
            { 1, 0, 0 }, { 1, 1, 0 }, { 1, 0, 1 }, { 1, 0, 0 }, { 1, 1, 0 },
        });
        Assert.Equal(0, frame.Fixed.InterceptColumn);
    }

    [Fact]
    public void Factor_by_factor_interaction_varies_the_first_factor_fastest()
    {
        // model.matrix(~ f * g): (Intercept) fb fc gv gw fb:gv fc:gv fb:gw fc:gw
        AssertX(Frame("y ~ f * g"), ["Intercept", "fb", "fc", "gv", "gw", "fb:gv", "fc:gv", "fb:gw", "fc:gw"], new double[,]
        {
            { 1, 0, 0, 0, 0, 0, 0, 0, 0 },
            { 1, 1, 0, 0, 0, 0, 0, 0, 0 },
            { 1, 0, 1, 1, 0, 0, 1, 0, 0 },
            { 1, 0, 0, 1, 0, 0, 0, 0, 0 },
            { 1, 1, 0, 0, 1, 0, 0, 1, 0 },
        });
    }

    [Fact]
    public void An_interaction_without_its_margin_codes_the_factor_by_indicators()
    {
        // model.matrix(~ x:f): (Intercept) x:fa x:fb x:fc
        AssertX(Frame("y ~ x:f"), ["Intercept", "x:fa", "x:fb", "x:fc"], new double[,]
        {
            { 1, 0.5, 0, 0 },
            { 1, 0, 1.0, 0 },
            { 1, 0, 0, 1.5 },
            { 1, 2.0, 0, 0 },
            { 1, 0, 2.5, 0 },
        });
        // model.matrix(~ x + x:f): (Intercept) x x:fb x:fc
        AssertX(Frame("y ~ x + x:f"), ["Intercept", "x", "x:fb", "x:fc"], new double[,]
        {
            { 1, 0.5, 0, 0 },
            { 1, 1.0, 1.0, 0 },
            { 1, 1.5, 0, 1.5 },
            { 1, 2.0, 0, 0 },
            { 1, 2.5, 2.5, 0 },
        });
        // model.matrix(~ f:g): all nine cells after the intercept.
        Assert.Equal(10, Frame("y ~ f:g").Fixed.X.Columns);
        Assert.Equal("fa:gu", Frame("y ~ f:g").Fixed.CoefficientNames[1]);
    }

    [Fact]
    public void Numeric_interactions_and_transforms_get_brms_names()
    {
        // model.matrix(~ x * f + I(x^2) + log(x)): terms ordered by order, interaction last.
        var frame = Frame("y ~ x * f + I(x^2) + log(x)");
        Assert.Equal(["Intercept", "x", "fb", "fc", "IxE2", "logx", "x:fb", "x:fc"], frame.Fixed.CoefficientNames);
        Assert.Equal(0.25, frame.Fixed.X[0, 4]);
        Assert.Equal(Math.Log(2.5), frame.Fixed.X[4, 5], 15);
        Assert.Equal(["Intercept", "logxP1", "IxMU2", "sqrtxD2", "expMx"],
            Frame("y ~ log(x + 1) + I(x * 2) + sqrt(x/2) + exp(-x)").Fixed.CoefficientNames);
    }

    [Fact]
    public void An_offset_is_evaluated_and_summed()
    {
        var frame = Frame("y ~ 1 + offset(log(x)) + offset(x)");
        Assert.Equal(["Intercept"], frame.Fixed.CoefficientNames);
        Assert.Equal(Math.Log(0.5) + 0.5, frame.Offset![0], 15);
        Assert.Equal(Math.Log(2.5) + 2.5, frame.Offset![4], 15);
        Assert.Null(Frame("y ~ x").Offset);
    }

    [Fact]
    public void Factor_levels_are_appended_to_the_column_name_after_renaming()
    {
        var t = DataTable.ParseCsv("y,f\n1,lo-w\n2,\"a b\"\n3,\"x+y\"\n4,lo-w\n", "t.csv");
        var frame = ModelFrameBuilder.Build(t, Formula.Parse("y ~ f"));
        // Levels: "a b" < "lo-w" < "x+y"; brms drops the space and maps - and + to M and P.
        Assert.Equal(["Intercept", "floMw", "fxPy"], frame.Fixed.CoefficientNames);
    }

    [Fact]
    public void Factor_makes_a_numeric_column_categorical()
    {
        var t = DataTable.ParseCsv("y,period\n1,1\n2,2\n3,10\n4,2\n", "p.csv");
        var frame = ModelFrameBuilder.Build(t, Formula.Parse("y ~ factor(period)"));
        // model.matrix(~ factor(period)): levels 1, 2, 10 in numeric order; brms drops the parentheses.
        AssertX(frame, ["Intercept", "factorperiod2", "factorperiod10"], new double[,]
        {
            { 1, 0, 0 }, { 1, 1, 0 }, { 1, 0, 1 }, { 1, 1, 0 },
        });
        Assert.Equal(["Intercept", "x", "factorfb"],
            ModelFrameBuilder.Build(DataTable.ParseCsv("y,x,f\n1,1,a\n2,2,b\n3,1,b\n"), Formula.Parse("y ~ x + factor(f)")).Fixed.CoefficientNames);
        Assert.Throws<InputException>(() => Formula.Parse("y ~ factor(x + 1)"));
        Assert.Throws<InputException>(() => Formula.Parse("y ~ log(factor(x))"));
    }
}
