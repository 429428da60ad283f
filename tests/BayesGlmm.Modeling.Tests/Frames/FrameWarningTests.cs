// Warnings on the model frame: a random slope on a variable that is constant within every level of its group.
using System.Globalization;
using System.Text;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class FrameWarningTests
{
    /// <summary>Six subjects with four visits each; trt and arm are between subjects, time within.</summary>
    private static DataTable Trial()
    {
        var csv = new StringBuilder("y,ID,trt,arm,time\n");
        for (int id = 1; id <= 6; id++)
            for (int visit = 0; visit < 4; visit++)
                csv.Append(CultureInfo.InvariantCulture, $"{0.3 * id + 0.1 * visit},s{id},{id % 2},{(id <= 3 ? "drug" : "placebo")},{visit}\n");
        return DataTable.ParseCsv(csv.ToString(), "trial.csv");
    }

    private static ModelFrame Frame(string formula) => ModelFrameBuilder.Build(Trial(), Formula.Parse(formula));

    [Fact]
    public void ASlopeOnABetweenSubjectVariableWarnsNamingTheTerm()
    {
        var frame = Frame("y ~ trt + (1 + trt | ID)");
        string warning = Assert.Single(frame.Warnings);
        Assert.Contains("The group-level term (1 + trt | ID) has a slope on 'trt'", warning, StringComparison.Ordinal);
        Assert.Contains("constant within every level of 'ID'", warning, StringComparison.Ordinal);
        Assert.Contains("sd_ID__trt", warning, StringComparison.Ordinal);
        // The warning travels with the frame into the model, for library callers.
        var model = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), []);
        Assert.Equal(frame.Warnings, model.Frame.Warnings);
    }

    [Theory]
    [InlineData("y ~ arm + (1 + arm | ID)", "armplacebo")]
    [InlineData("y ~ trt + (1 | ID) + (0 + trt | ID)", "trt")]
    [InlineData("y ~ trt + (trt || ID)", "trt")]
    [InlineData("y ~ time + trt + (1 + time + trt | ID)", "trt")]
    public void FactorsSeparateTermsAndIndependentTermsWarnToo(string formula, string slope)
    {
        string warning = Assert.Single(Frame(formula).Warnings);
        Assert.Contains($"a slope on '{slope}'", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y ~ time + (1 + time | ID)")]
    [InlineData("y ~ trt + (1 | ID)")]
    [InlineData("y ~ trt + (0 + trt | ID)")]
    [InlineData("y ~ trt * time + (1 + time | ID)")]
    public void SlopesThatVaryWithinGroupsOrTermsWithoutAnInterceptDoNotWarn(string formula) =>
        Assert.Empty(Frame(formula).Warnings);
}
