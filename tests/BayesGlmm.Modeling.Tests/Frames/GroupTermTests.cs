// Group-level terms: levels as brms prints them, level indices, Z, nesting, crossing and correlation flags.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class GroupTermTests
{
    private static readonly DataTable Table = DataTable.ParseCsv(
        "y,x,school,class,n\n" +
        "1,0.5,\"St Mary\",a,3\n" +
        "2,1.0,\"St Mary\",b,3\n" +
        "3,1.5,Elm,a,2\n" +
        "4,2.0,Elm,a,2\n" +
        "5,2.5,Oak-2,b,10\n", "schools.csv");

    private static ModelFrame Frame(string formula) => ModelFrameBuilder.Build(Table, Formula.Parse(formula));

    [Fact]
    public void Intercept_and_slope_with_levels_as_brms_prints_them()
    {
        var frame = Frame("y ~ x + (1 + x | school)");
        var g = Assert.Single(frame.Groups);
        Assert.Equal("school", g.Group);
        Assert.Equal(["Elm", "Oak-2", "St.Mary"], g.Levels);
        Assert.Equal([2, 2, 0, 0, 1], g.LevelOfObservation);
        Assert.Equal(["Intercept", "x"], g.CoefficientNames);
        Assert.True(g.Correlated);
        Assert.Equal(RandomEffectDistribution.Normal, g.Distribution);
        Assert.Equal(5, g.Z.Rows);
        Assert.Equal(2, g.Z.Columns);
        Assert.Equal([1.0, 1, 1, 1, 1], g.Z.Column(0).ToArray());
        Assert.Equal([0.5, 1.0, 1.5, 2.0, 2.5], g.Z.Column(1).ToArray());
        Assert.Equal("(1 + x | school)", g.Text);
    }

    [Fact]
    public void Independent_terms_and_single_coefficients_are_not_correlated()
    {
        Assert.False(Assert.Single(Frame("y ~ (x || school)").Groups).Correlated);
        Assert.False(Assert.Single(Frame("y ~ (1 | school)").Groups).Correlated);
        var slopeOnly = Assert.Single(Frame("y ~ (0 + x | school)").Groups);
        Assert.Equal(["x"], slopeOnly.CoefficientNames);
        Assert.False(slopeOnly.Correlated);
    }

    [Fact]
    public void An_interaction_group_joins_levels_with_underscores()
    {
        var g = Assert.Single(Frame("y ~ (1 | school:class)").Groups);
        Assert.Equal("school:class", g.Group);
        Assert.Equal(["Elm_a", "Oak-2_b", "St.Mary_a", "St.Mary_b"], g.Levels);
        Assert.Equal([2, 3, 0, 0, 1], g.LevelOfObservation);
    }

    [Fact]
    public void Nesting_gives_the_outer_factor_and_the_interaction()
    {
        var frame = Frame("y ~ 1 + (1 | school/class)");
        Assert.Equal(["school", "school:class"], frame.Groups.Select(g => g.Group));
        Assert.Equal(3, frame.Groups[0].LevelCount);
        Assert.Equal(4, frame.Groups[1].LevelCount);
    }

    [Fact]
    public void Crossed_groups_and_numeric_grouping_columns()
    {
        var frame = Frame("y ~ 1 + (1 | school) + (1 | n)");
        Assert.Equal(["school", "n"], frame.Groups.Select(g => g.Group));
        // A numeric column used as a grouping factor: levels in numeric order.
        Assert.Equal(["2", "3", "10"], frame.Groups[1].Levels);
        Assert.Equal([1, 1, 0, 0, 2], frame.Groups[1].LevelOfObservation);
    }

    [Fact]
    public void Factor_slopes_use_contrasts_inside_the_group_term()
    {
        var g = Assert.Single(Frame("y ~ (1 + class | school)").Groups);
        Assert.Equal(["Intercept", "classb"], g.CoefficientNames);
        Assert.Equal([0.0, 1, 0, 0, 1], g.Z.Column(1).ToArray());
    }

    [Fact]
    public void The_distribution_comes_from_gr()
    {
        var g = Assert.Single(Frame("y ~ 1 + (1 | gr(school, dist = \"student\"))").Groups);
        Assert.Equal(RandomEffectDistribution.Student, g.Distribution);
        Assert.Equal("school", g.Group);
    }

    [Fact]
    public void A_model_of_group_effects_only_has_an_empty_X()
    {
        var frame = Frame("y ~ 0 + (1 | gr(school, dist = \"beta\"))");
        Assert.Equal(0, frame.Fixed.X.Columns);
        Assert.Equal(5, frame.Fixed.X.Rows);
        Assert.Empty(frame.Fixed.CoefficientNames);
        Assert.Equal(-1, frame.Fixed.InterceptColumn);
        Assert.Equal(RandomEffectDistribution.Beta, frame.Groups[0].Distribution);
    }
}
