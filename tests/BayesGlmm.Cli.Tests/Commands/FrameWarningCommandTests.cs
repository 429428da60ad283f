// A warning about the model as written reaches the user: on stderr before sampling, in the printed summary and in fit.json.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class FrameWarningCommandTests
{
    [Fact]
    public void ASlopeOnABetweenSubjectVariableIsWarnedAboutOnStderrInTheSummaryAndInFitJson()
    {
        using var dir = new ScratchDirectory();
        var csv = new StringBuilder("y,ID,trt\n");
        var random = new Random(4);
        for (int id = 1; id <= 8; id++)
            for (int visit = 0; visit < 5; visit++)
                csv.Append(CultureInfo.InvariantCulture, $"{0.5 * (id % 2) + 0.3 * (id % 3) + random.NextDouble():R},s{id},{id % 2}\n");
        string data = dir.File("trial.csv");
        File.WriteAllText(data, csv.ToString());
        string outDir = dir.File("out");
        var run = CliRun.Of("fit", "--data", data, "--formula", "y ~ trt + (1 + trt | ID)", "--chains", "1", "--warmup", "50", "--draws", "50",
            "--out", outDir, "--quiet", "--no-plots");
        Assert.True(run.ExitCode == 0, run.Error);
        const string expected = "Warning: The group-level term (1 + trt | ID) has a slope on 'trt', which is constant within every level of 'ID'";
        Assert.StartsWith(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.Contains("has a slope on 'trt'", File.ReadAllText(Path.Combine(outDir, "fit.json")), StringComparison.Ordinal);
    }
}
