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
    public void ModelFramesAppendTheUnpenalisedColumnsAndKeepTheTerms()
    {
        var rows = Enumerable.Range(0, 16).Select(i => $"{i % 5},{i + 0.5 * (i % 3)},{(i % 2 == 0 ? "a" : "b")}");
        var data = Modeling.Data.DataTable.ParseCsv("y,x,f\n" + string.Join("\n", rows) + "\n");
        var frame = Modeling.Frames.ModelFrameBuilder.Build(data, Formula.Parse("y ~ 1 + s(x, k = 5) + s(x, by = f, k = 4)"));
        Assert.Equal(2, frame.Smooths.Count);
        Assert.Equal([1, 2], frame.Smooths.Select(t => t.Parts.Count));
        var fixedNames = Enumerable.Range(0, frame.Fixed.X.Columns).Select(frame.Fixed.OutputName).ToArray();
        Assert.Equal(["b_Intercept", "bs_sx_1", "bs_sx:fa_1", "bs_sx:fb_1"], fixedNames);
        Assert.Equal(3, frame.Fixed.SmoothColumnCount);
        Assert.Equal(["sds_sx_1", "sds_sxfa_1", "sds_sxfb_1"], frame.Smooths.SelectMany(t => t.Parts).Select(p => p.SdName));
        // The by factor's parts are zero outside their level.
        var b = frame.Smooths[1].Parts[1];
        for (int i = 0; i < 16; i += 2) Assert.Equal(0.0, b.Random[i, 0]);
    }
}
