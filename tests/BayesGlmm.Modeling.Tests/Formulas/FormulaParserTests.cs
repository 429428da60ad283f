// The formula parser and R's term algebra: every construct, and syntax errors pointing at their position.
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Formulas;

public sealed class FormulaParserTests
{
    private static string[] Labels(TermList t) => t.Terms.Select(x => x.Label).ToArray();

    [Theory]
    [InlineData("y ~ x", true, "x")]
    [InlineData("y ~ 1 + x", true, "x")]
    [InlineData("y ~ 0 + x", false, "x")]
    [InlineData("y ~ x - 1", false, "x")]
    [InlineData("y ~ -1 + x", false, "x")]
    [InlineData("y ~ x + 0", false, "x")]
    [InlineData("y ~ 0 + x + 1", true, "x")]
    [InlineData("y ~ 1", true, "")]
    [InlineData("y ~ 0 + Intercept + x", false, "Intercept,x")]
    [InlineData("y ~ a * b", true, "a,b,a:b")]
    [InlineData("y ~ a:b + a", true, "a,a:b")]
    [InlineData("y ~ b:a + a", true, "a,b:a")]
    [InlineData("y ~ a*b*c", true, "a,b,c,a:b,a:c,b:c,a:b:c")]
    [InlineData("y ~ (a + b + c)^2", true, "a,b,c,a:b,a:c,b:c")]
    [InlineData("y ~ a*b - a:b", true, "a,b")]
    [InlineData("y ~ a/b", true, "a,a:b")]
    [InlineData("y ~ (a + c)/b", true, "a,c,a:c:b")]
    [InlineData("y ~ x + x", true, "x")]
    [InlineData("y ~ a:b:a", true, "a:b")]
    [InlineData("y ~ zAge + zBase * Trt", true, "zAge,zBase,Trt,zBase:Trt")]
    [InlineData("y ~ log(x + 1) + I(x^2) + sqrt(z) + exp(-w)", true, "log(x + 1),I(x^2),sqrt(z),exp(-w)")]
    [InlineData("y ~ I((x - 1)/2)", true, "I((x - 1)/2)")]
    [InlineData("y ~ `my var` + x.1 + x_2", true, "my var,x.1,x_2")]
    public void Terms_expand_as_R_expands_them(string text, bool intercept, string labels)
    {
        var f = Formula.Parse(text);
        Assert.Equal(intercept, f.Fixed.HasIntercept);
        Assert.Equal(labels.Length == 0 ? [] : labels.Split(','), Labels(f.Fixed));
        Assert.Equal(text, f.Text);
    }

    [Fact]
    public void Response_forms()
    {
        var a = Formula.Parse("y ~ x").Response;
        Assert.Equal("y", a.Text);
        Assert.IsType<VariableExpression>(a.Expression);
        Assert.Null(a.Trials);

        var b = Formula.Parse("incidence | trials(size) ~ period").Response;
        Assert.Equal("incidence", b.Text);
        Assert.Equal("size", b.Trials!.Deparse());

        var c = Formula.Parse("cbind(r, n - r) ~ x").Response;
        Assert.Equal("cbind(r, n - r)", c.Text);
        Assert.Equal("r", c.Expression.Deparse());
        Assert.Equal("n - r", c.Failures!.Deparse());

        var d = Formula.Parse("y | se(sigma) ~ 1").Response;
        Assert.Equal("sigma", d.StandardError!.Deparse());

        var e = Formula.Parse("log(y) ~ x").Response;
        Assert.Equal("log(y)", e.Text);
        Assert.IsType<CallExpression>(e.Expression);

        var g = Formula.Parse("y | se(s) + trials(n) ~ x").Response;
        Assert.NotNull(g.Trials);
        Assert.NotNull(g.StandardError);
    }

    [Fact]
    public void Offsets_are_kept_apart_from_terms()
    {
        var f = Formula.Parse("failures ~ 1 + offset(log(time)) + x");
        Assert.Equal(["x"], Labels(f.Fixed));
        Assert.Equal("log(time)", Assert.Single(f.Offsets).Deparse());
    }

    [Fact]
    public void Group_terms()
    {
        var f = Formula.Parse("y ~ x + (1 + x | g) + (x || h) + (1 | g1:g2) + (0 + x | k)");
        Assert.Equal(["x"], Labels(f.Fixed));
        Assert.Equal(4, f.Groups.Count);
        var g = f.Groups[0];
        Assert.Equal("g", g.GroupName);
        Assert.True(g.Coefficients.HasIntercept);
        Assert.Equal(["x"], Labels(g.Coefficients));
        Assert.True(g.Correlated);
        Assert.Equal("(1 + x | g)", g.Text);
        var h = f.Groups[1];
        Assert.False(h.Correlated);
        Assert.True(h.Coefficients.HasIntercept);   // (x || h) has an intercept, as in lme4
        Assert.Equal("g1:g2", f.Groups[2].GroupName);
        Assert.False(f.Groups[3].Coefficients.HasIntercept);
    }

    [Fact]
    public void Nested_groups_expand_to_the_outer_factor_and_the_interaction()
    {
        var f = Formula.Parse("y ~ 1 + (1 | a/b/c)");
        Assert.Equal(["a", "a:b", "a:b:c"], f.Groups.Select(g => g.GroupName));
        Assert.All(f.Groups, g => Assert.Equal("(1 | a/b/c)", g.Text));
    }

    [Theory]
    [InlineData("normal", RandomEffectDistribution.Normal)]
    [InlineData("student", RandomEffectDistribution.Student)]
    [InlineData("gamma", RandomEffectDistribution.Gamma)]
    [InlineData("beta", RandomEffectDistribution.Beta)]
    [InlineData("inverse_gamma", RandomEffectDistribution.InverseGamma)]
    public void Group_distributions_come_from_gr(string dist, RandomEffectDistribution expected)
    {
        var f = Formula.Parse($"failures ~ 1 + offset(log(time)) + (1 | gr(pump, dist = \"{dist}\"))");
        var g = Assert.Single(f.Groups);
        Assert.Equal("pump", g.GroupName);
        Assert.Equal(expected, g.Distribution);
    }

    [Fact]
    public void Gr_accepts_cor_false_and_interactions()
    {
        var f = Formula.Parse("y ~ (1 + x | gr(g1:g2, cor = FALSE))");
        var g = Assert.Single(f.Groups);
        Assert.Equal("g1:g2", g.GroupName);
        Assert.False(g.Correlated);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("y", 1, "no '~'")]
    [InlineData("~ x", 0, "no response")]
    [InlineData("y ~", 3, "nothing after")]
    [InlineData("y ~ x +", 7, "ends")]
    [InlineData("y ~ (1 | g", 4, "never closed")]
    [InlineData("y ~ x)", 5, "no matching")]
    [InlineData("y ~ x + + z", 8, "expected a term")]
    [InlineData("y ~ x $ z", 6, "unexpected character")]
    [InlineData("y ~ 2 + x", 4, "0 or 1")]
    [InlineData("y ~ foo(x)", 4, "unknown function 'foo'")]
    [InlineData("y ~ x | g", 6, "parentheses")]
    [InlineData("y ~ (1 | )", 9, "grouping factor")]
    [InlineData("y ~ (1 | gr(g, dist = \"cauchy\"))", 22, "dist must be")]
    [InlineData("y ~ (1 | gr(g, by = x))", 15, "no option 'by'")]
    [InlineData("y | weights(w) ~ x", 4, "not a supported response addition")]
    [InlineData("cbind(r) ~ x", 0, "two arguments")]
    [InlineData("y ~ x ~ z", 6, "only one '~'")]
    [InlineData("y ~ x:offset(z)", 6, "offset")]
    [InlineData("y ~ (1 | g):x", 4, "group-level term")]
    [InlineData("y ~ x^y", 5, "whole number")]
    [InlineData("y ~ I(x:z)", 7, "interactions")]
    [InlineData("y ~ (1 | log(g))", 9, "column name")]
    [InlineData("y ~ \"a\"", 4, "string")]
    [InlineData("y ~ 2x", 5, "cannot start with a digit")]
    public void Syntax_errors_name_the_position_and_show_a_caret(string text, int position, string fragment)
    {
        var e = Assert.Throws<InputException>(() => Formula.Parse(text));
        Assert.Contains($"position {position + 1}", e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.Equal(2, e.Details.Count);
        Assert.Equal(text, e.Details[0]);
        Assert.Equal(new string(' ', position) + "^", e.Details[1]);
    }

    [Fact]
    public void Deep_nesting_is_an_input_error_not_a_stack_overflow()
    {
        var text = "y ~ " + new string('(', 5000) + "x" + new string(')', 5000);
        var e = Assert.Throws<InputException>(() => Formula.Parse(text));
        Assert.Contains("nested too deeply", e.Message);
        var arithmetic = "y ~ I(" + string.Concat(Enumerable.Repeat("-", 5000)) + "x)";
        Assert.Throws<InputException>(() => Formula.Parse(arithmetic));
    }
}
