// New data coded as the fitted data: the same levels, contrasts, columns of X and Z, offsets and trials.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class NewDataFrameTests
{
    // f: a, b, c; h: numeric declared nothing, used through factor(h); g: groups u, v, w; t: exposure; n: trials.
    private static readonly DataTable Fit = DataTable.ParseCsv(
        "r,n,x,f,h,g,t\n" +
        "1,4,0.5,a,1,u,2\n" +
        "2,5,1.0,b,2,u,3\n" +
        "3,6,1.5,c,3,v,1\n" +
        "0,3,2.0,a,1,v,4\n" +
        "4,4,2.5,b,2,w,2\n" +
        "2,7,NA,c,3,w,5\n", "fit.csv");

    private static (Formula Formula, ModelFrame Frame) Fitted(string formula)
    {
        var f = Formula.Parse(formula);
        return (f, ModelFrameBuilder.Build(Fit, f));
    }

    private static NewDataFrame Code(string formula, string csv, GroupTermUse use = GroupTermUse.CovariatesAndGroups)
    {
        var (f, frame) = Fitted(formula);
        return NewDataFrameBuilder.Build(Fit, f, frame, DataTable.ParseCsv(csv, "new.csv"), use);
    }

    [Theory]
    [InlineData("r | trials(n) ~ x * f + factor(h) + offset(log(t)) + (1 + x | g)")]
    [InlineData("cbind(r, n - r) ~ 0 + f:x + (1 | g) + (0 + f || g)")]
    [InlineData("r ~ 0 + Intercept + f + x:f + (1 | g:f)")]
    public void TheFittedDataCodedAsNewDataReproducesTheFrame(string formula)
    {
        var (f, frame) = Fitted(formula);
        var coded = NewDataFrameBuilder.Build(Fit, f, frame, Fit, GroupTermUse.CovariatesAndGroups, frame.SourceRows);
        Assert.Equal(frame.SourceRows, coded.SourceRows);
        Assert.Equal(frame.Fixed.X.Values, coded.X.Values);
        Assert.Equal(frame.Offset, coded.Offset);
        Assert.Equal(frame.Response.Trials, coded.Trials);
        Assert.Equal(frame.Groups.Count, coded.Groups.Count);
        for (int t = 0; t < frame.Groups.Count; t++)
        {
            Assert.Same(frame.Groups[t], coded.Groups[t].Fitted);
            Assert.Equal(frame.Groups[t].Z.Values, coded.Groups[t].Z.Values);
            Assert.Equal(frame.Groups[t].LevelOfObservation, coded.Groups[t].LevelOfRow);
        }
    }

    [Fact]
    public void ASubsetOfLevelsKeepsTheFittedContrastsAndInteractionColumns()
    {
        // Only level c, with x: the columns stay Intercept x fb fc x:fb x:fc, and factor(h) keeps h2 h3.
        var coded = Code("r | trials(n) ~ x * f + factor(h) + offset(log(t)) + (1 + x | g)",
            "x,f,h,g,t,n\n2,c,3,v,1,10\n-1,c,2,w,8,1\n");
        Assert.Equal(2, coded.RowCount);
        double[,] expected =
        {
            { 1, 2, 0, 1, 0, 1, 0, 2 },
            { 1, -1, 0, 1, 1, 0, 0, -1 },
        };
        // Column order of the fitted design: Intercept, x, fb, fc, factorh2, factorh3, x:fb, x:fc.
        var (_, frame) = Fitted("r | trials(n) ~ x * f + factor(h) + offset(log(t)) + (1 + x | g)");
        Assert.Equal(["Intercept", "x", "fb", "fc", "factorh2", "factorh3", "x:fb", "x:fc"], frame.Fixed.CoefficientNames);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 8; j++)
                Assert.Equal(expected[i, j], coded.X[i, j]);
        Assert.Equal([0.0, Math.Log(8)], coded.Offset!);
        Assert.Equal([10.0, 1.0], coded.Trials!);
        var g = coded.Groups.Single();
        Assert.Equal([1, 2], g.LevelOfRow!);
        Assert.Equal([1.0, 1.0, 2.0, -1.0], g.Z.Values);
    }

    [Fact]
    public void UnseenGroupsAreMinusOneAndNumbersMatchWhateverTheirSpelling()
    {
        var coded = Code("r ~ x + (1 | h) + (1 | g)", "x,g,h\n1,u,2.0\n1,zz,7\n");
        Assert.Equal([1, -1], coded.Groups[0].LevelOfRow!);
        Assert.Equal(["2", "7"], coded.Groups[0].Labels);
        Assert.Equal([0, -1], coded.Groups[1].LevelOfRow!);
        Assert.Equal(["u", "zz"], coded.Groups[1].Labels);
    }

    [Fact]
    public void GroupingColumnsAreNotNeededWhenTheEffectsAreIntegratedOrDropped()
    {
        var marginal = Code("r ~ x + (1 + x | g)", "x\n3\n", GroupTermUse.Covariates);
        Assert.Null(marginal.Groups.Single().LevelOfRow);
        Assert.Equal([1.0, 3.0], marginal.Groups.Single().Z.Values);
        var none = Code("r ~ x + (1 + x | g)", "x\n3\n", GroupTermUse.None);
        Assert.Empty(none.Groups);
        Assert.Equal([1.0, 3.0], none.X.Values);
    }

    [Fact]
    public void AnUnseenFactorLevelNamesFileRowColumnAndLevel()
    {
        var e = Assert.Throws<InputException>(() => Code("r ~ x + f", "x,f\n1,a\n2,d\n", GroupTermUse.None));
        Assert.Contains("new.csv, row 2, column 'f': level 'd'", e.Message);
        Assert.Contains("'a', 'b', 'c'", e.Message);
    }

    [Fact]
    public void AMissingColumnOrValueIsAnError()
    {
        var e = Assert.Throws<InputException>(() => Code("r | trials(n) ~ x + (1 | g)", "x,g\n1,u\n", GroupTermUse.CovariatesAndGroups));
        Assert.Contains("new.csv has no column 'n', which trials(n) uses", e.Message);
        e = Assert.Throws<InputException>(() => Code("r ~ x + (1 | g)", "x,g\n1,u\nNA,v\n"));
        Assert.Contains("new.csv, row 2: column 'x'", e.Message);
        e = Assert.Throws<InputException>(() => Code("r ~ x + (1 | g)", "x\n1\n"));
        Assert.Contains("no column 'g', which the group-level term (1 | g) uses", e.Message);
    }

    [Fact]
    public void AnOrdinalModelsDesignDropsTheInterceptAsTheFitDoes()
    {
        var (f, frame) = Fitted("r ~ x + f");
        var withoutIntercept = frame with
        {
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(frame.ObservationCount, 3, frame.Fixed.X.Values[frame.ObservationCount..]),
                CoefficientNames = ["x", "fb", "fc"],
            },
        };
        var coded = NewDataFrameBuilder.Build(Fit, f, withoutIntercept, DataTable.ParseCsv("x,f\n5,b\n", "new.csv"), GroupTermUse.None);
        Assert.Equal([5.0, 1.0, 0.0], coded.X.Values);
    }
}
