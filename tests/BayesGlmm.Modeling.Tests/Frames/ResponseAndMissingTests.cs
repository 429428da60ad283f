// The response side of a frame and the dropping of rows with missing values.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class ResponseAndMissingTests
{
    private static readonly DataTable Table = DataTable.ParseCsv(
        "y,r,n,s,yes,x,g,unused\n" +
        "1.5,1,4,0.5,no,1,a,NA\n" +
        "2.5,2,4,0.5,yes,NA,a,NA\n" +
        "3.5,0,5,1.0,yes,3,b,NA\n" +
        "NA,5,5,1.0,no,4,b,NA\n" +
        "4.5,3,6,2.0,no,5,c,NA\n", "resp.csv");

    private static ModelFrame Frame(string formula) => ModelFrameBuilder.Build(Table, Formula.Parse(formula));

    [Fact]
    public void Rows_missing_a_used_column_are_dropped_and_counted()
    {
        var frame = Frame("y ~ x + (1 | g)");
        Assert.Equal(3, frame.ObservationCount);
        Assert.Equal(2, frame.DroppedRowCount);
        Assert.Equal([0, 2, 4], frame.SourceRows);
        Assert.Equal([1.5, 3.5, 4.5], frame.Response.Values);
        Assert.Equal(["a", "b", "c"], frame.Groups[0].Levels);
        Assert.Equal("y ~ x + (1 | g)", frame.FormulaText);
        // Only the columns the model uses count: 'unused' is all NA.
        Assert.Equal(0, Frame("r | trials(n) ~ 1").DroppedRowCount);
    }

    [Fact]
    public void Unused_levels_are_dropped_with_the_rows()
    {
        var t = DataTable.ParseCsv("y,f,g\n1,a,u\n2,b,u\nNA,c,v\n3,a,w\n", "t.csv");
        var frame = ModelFrameBuilder.Build(t, Formula.Parse("y ~ f + (1 | g)"));
        Assert.Equal(["Intercept", "fb"], frame.Fixed.CoefficientNames);
        Assert.Equal(["u", "w"], frame.Groups[0].Levels);
    }

    [Fact]
    public void Binomial_trials_two_ways()
    {
        var a = Frame("r | trials(n) ~ 1");
        Assert.Equal([1.0, 2, 0, 5, 3], a.Response.Values);
        Assert.Equal([4.0, 4, 5, 5, 6], a.Response.Trials!);
        Assert.Equal("r", a.Response.Name);
        var b = Frame("cbind(r, n - r) ~ 1");
        Assert.Equal(a.Response.Values, b.Response.Values);
        Assert.Equal(a.Response.Trials, b.Response.Trials);
        Assert.Equal("cbind(r, n - r)", b.Response.Name);
    }

    [Fact]
    public void Known_standard_errors()
    {
        var frame = Frame("r | se(s) ~ 1");
        Assert.Equal([0.5, 0.5, 1.0, 1.0, 2.0], frame.Response.KnownStandardErrors!);
        Assert.Null(frame.Response.Trials);
    }

    [Fact]
    public void A_transformed_response()
    {
        var frame = Frame("log(n) ~ 1");
        Assert.Equal("log(n)", frame.Response.Name);
        Assert.Equal(Math.Log(4), frame.Response.Values[0], 15);
    }

    [Fact]
    public void A_categorical_response_is_coded_from_zero_in_level_order()
    {
        var frame = Frame("yes ~ 1");
        Assert.Equal(["no", "yes"], frame.Response.Levels);
        Assert.Equal([0.0, 1, 1, 0, 0], frame.Response.Values);
    }

    [Fact]
    public void A_quoted_numeric_response_stays_numeric_unless_declared_a_factor()
    {
        var text = "y,x\n\"1\",1\n\"3\",2\n\"2\",3\n";
        var quoted = ModelFrameBuilder.Build(DataTable.ParseCsv(text), Formula.Parse("y ~ x"));
        Assert.Null(quoted.Response.Levels);
        Assert.Equal([1.0, 3, 2], quoted.Response.Values);
        var declared = ModelFrameBuilder.Build(DataTable.ParseCsv(text, factors: ["y"]), Formula.Parse("y ~ x"));
        Assert.Equal(["1", "2", "3"], declared.Response.Levels);
        Assert.Equal([0.0, 2, 1], declared.Response.Values);
    }

    [Fact]
    public void WithResponse_replaces_only_the_values()
    {
        var frame = Frame("r | trials(n) ~ 1");
        var copy = frame.WithResponse([0, 0, 0, 0, 0]);
        Assert.Equal(frame.Response.Trials, copy.Response.Trials);
        Assert.All(copy.Response.Values, v => Assert.Equal(0, v));
    }
}
