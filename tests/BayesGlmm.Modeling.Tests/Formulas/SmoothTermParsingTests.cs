// Smooth terms in formulas: s(x), s(x, k = 10), s(x, bs = "cr"), s(x, by = f), and errors that point at the argument.
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Modeling.Tests.Formulas;

public sealed class SmoothTermParsingTests
{
    [Fact]
    public void ReadsCovariateDimensionBasisAndByFactor()
    {
        var f = Formula.Parse("y ~ x2 + s(x) + s(z, k = 5, bs = \"cr\") + s(w, by = g) + (1 | h)");
        Assert.Equal(["x2"], f.Fixed.Terms.Select(t => t.Label));
        Assert.Single(f.Groups);
        Assert.Equal(3, f.Smooths.Count);
        var (a, b, c) = (f.Smooths[0], f.Smooths[1], f.Smooths[2]);
        Assert.Equal(("x", SmoothBasisKind.ThinPlate, 10, (string?)null), (a.Covariate.Deparse(), a.Basis, a.Dimension, a.By?.Name));
        Assert.Equal(("z", SmoothBasisKind.CubicRegression, 5), (b.Covariate.Deparse(), b.Basis, b.Dimension));
        Assert.Equal("g", c.By!.Name);
        Assert.Equal("s(z, k = 5, bs = \"cr\")", b.Text);
        Assert.Equal(("s(x)", "sx", "sxg"), (a.MgcvLabel, a.BrmsLabel, new SmoothTermSpec { Covariate = a.Covariate, By = c.By, Text = "" }.BrmsLabel));
        Assert.True(f.Fixed.HasIntercept);
    }

    [Theory]
    [InlineData("y ~ s()", 4, "needs a covariate")]
    [InlineData("y ~ s(x, z)", 9, "one covariate")]
    [InlineData("y ~ s(x, k = 2)", 13, "from 3 to 1000")]
    [InlineData("y ~ s(x, k = 4.5)", 13, "whole number")]
    [InlineData("y ~ s(x, bs = \"ps\")", 14, "\"tp\"")]
    [InlineData("y ~ s(x, by = f + g)", 16, "factor column")]
    [InlineData("y ~ s(x, m = 3)", 9, "no option 'm'")]
    [InlineData("y ~ s(x):f", 8, "on its own")]
    [InlineData("y ~ (s(x) | g)", 5, "not used inside a group term")]
    [InlineData("y ~ x - s(x)", 6, "cannot be removed")]
    [InlineData("y ~ te(x, z)", 4, "not supported")]
    [InlineData("y ~ s(x) + s(x, k = 5)", 11, "appears twice")]
    public void BadSmoothTermsAreErrorsAtTheirPosition(string text, int position, string message)
    {
        var e = Assert.Throws<InputException>(() => Formula.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.Contains(new string(' ', position) + "^", e.Details!);
    }
}

public sealed class SmoothTermFrameTests
{
    [Fact]
    public void ModelFramesRefuseSmoothTermsAtTheirPosition()
    {
        var data = Modeling.Data.DataTable.ParseCsv("y,x\n1,0.5\n2,1.5\n3,2.5\n");
        var e = Assert.Throws<InputException>(() => Modeling.Frames.ModelFrameBuilder.Build(data, Formula.Parse("y ~ 1 + s(x)")));
        Assert.Contains("smooth terms", e.Message);
        Assert.Contains(new string(' ', 8) + "^", e.Details);
    }
}
