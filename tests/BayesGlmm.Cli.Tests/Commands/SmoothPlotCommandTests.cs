// `bayesglmm fit` of a GAMM: the smooth's conditional effect is plotted under plots/ and shown in the report.
namespace BayesGlmm.Cli.Tests.Commands;

public sealed class SmoothPlotCommandTests
{
    [Fact]
    public void GammFitWritesTheSmoothPlotAndTheReportShowsIt()
    {
        using var scratch = new ScratchDirectory();
        string output = ShortFit(scratch, "gamm.json");
        string svg = Path.Combine(output, "plots", "smooth_sx.svg");
        Assert.True(File.Exists(svg), "no plots/smooth_sx.svg");
        string text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        Assert.Contains("Conditional effect of s(x)", text);
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Smooth terms: conditional effects", html);
        Assert.Contains("Conditional effect of s(x)", html);
        Assert.Contains("re_formula = NA", html);
    }

    [Fact]
    public void FitWithoutSmoothsHasNoSmoothPlot()
    {
        using var scratch = new ScratchDirectory();
        string output = ShortFit(scratch, "eight_schools.json");
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "plots"), "smooth_*"));
        Assert.DoesNotContain("Smooth terms: conditional effects", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    // Fits models/<file> briefly (1 chain, 100 warmup, 100 draws) with its report, returning the output folder.
    private static string ShortFit(ScratchDirectory scratch, string file)
    {
        string output = scratch.File("out");
        var run = CliRun.Of("fit", Path.Combine(CliRun.ModelsDirectory, file), "--chains", "1", "--warmup", "100", "--draws", "100", "--quiet", "--out", output);
        Assert.True(run.ExitCode == 0, run.Error);
        return output;
    }
}
