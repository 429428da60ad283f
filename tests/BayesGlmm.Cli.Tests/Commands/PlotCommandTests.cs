// The plots and report a fit writes, and `bayesglmm plot DIR` regenerating them.
namespace BayesGlmm.Cli.Tests.Commands;

[Trait("Category", "Slow")]
public sealed class PlotCommandTests(CbppFitFixture fit) : IClassFixture<CbppFitFixture>
{
    private static readonly string[] Kinds = ["trace_", "rank_", "density_", "intervals_b", "intervals_sd", "intervals_r_herd_Intercept", "funnel_", "ppc_overlay",
        "ppc_stat_mean", "ppc_stat_sd", "ppc_stat_prop_zero", "ppc_stat_max", "loo_pit", "powerscale_"];

    [Fact]
    public void AFitWritesEveryPlotKindAndASelfContainedReport()
    {
        string plots = Path.Combine(fit.Directory, "plots");
        var files = Directory.GetFiles(plots, "*.svg").Select(Path.GetFileName).ToArray();
        foreach (string kind in Kinds) Assert.Contains(files, f => f!.StartsWith(kind, StringComparison.Ordinal));
        string html = File.ReadAllText(Path.Combine(fit.Directory, "report.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("b_period2", html);
        Assert.Contains("Posterior predictive check", html);
        Assert.Contains("elpd_loo", html);
        Assert.Contains("prop_zero", html);
        Assert.Contains("LOO-PIT", html);
        Assert.Contains("Prior sensitivity (power-scaling)", html);
        Assert.Contains("Power-scaled marginals of", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void PlotRegeneratesPlotsAndReportWithPng()
    {
        string copy = fit.File("cbpp-plot");
        CopyDirectory(fit.Directory, copy);
        Directory.Delete(Path.Combine(copy, "plots"), recursive: true);
        File.Delete(Path.Combine(copy, "report.html"));
        var (code, stdout, stderr) = ConsoleCapture.Run("plot", copy, "--png");
        Assert.True(code == 0, stderr);
        Assert.Contains("report.html", stdout);
        Assert.True(File.Exists(Path.Combine(copy, "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(copy, "plots"), "trace_*.png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(copy, "plots"), "ppc_overlay.svg"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(copy, "plots"), "powerscale_*.png"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(copy, "plots"), "loo_pit.png"));
    }

    [Fact]
    public void PlotOfADirectoryThatIsNoFitIsABadInputError()
    {
        string empty = fit.File("not-a-fit");
        Directory.CreateDirectory(empty);
        var (code, _, stderr) = ConsoleCapture.Run("plot", empty);
        Assert.Equal(2, code);
        Assert.Contains("fit.json", stderr);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
