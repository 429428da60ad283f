// models/categorical.json through the command line: fit with its report, loo, sensitivity and the summary's brms names.
namespace BayesGlmm.Cli.Tests.Commands;

[Trait("Category", "Slow")]
public sealed class CategoricalModelCommandTests
{
    [Fact]
    public void TheCategoricalModelFitsReportsAndFeedsLooAndSensitivity()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.File("categorical");
        var (code, stdout, stderr) = ConsoleCapture.Run("fit", Path.Combine(CliRun.ModelsDirectory, "categorical.json"),
            "--chains", "2", "--warmup", "200", "--draws", "200", "--seed", "5", "--out", dir, "--quiet");
        Assert.True(code == 0, stderr);
        Assert.Contains("categorical(logit)", stdout);
        Assert.Contains("sd(mucx_Intercept)", stdout);
        string summary = File.ReadAllText(Path.Combine(dir, "summary.csv"));
        foreach (string name in new[] { "b_muB1_Intercept", "b_mucx_Intercept", "b_muB1_x", "b_mucx_x", "sd_g__muB1_Intercept", "r_g__mucx[s25,Intercept]" })
            Assert.Contains(name, summary, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("elpd_loo", html);
        // Unordered categories are checked by their proportions, not by the codes' mean or the share of code 0.
        foreach (string statistic in new[] { "prop_a", "prop_B_1", "prop_c.x" }) Assert.Contains(statistic, html, StringComparison.Ordinal);
        Assert.DoesNotContain("prop_zero", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "plots", "ppc_overlay.svg")));

        (code, stdout, stderr) = ConsoleCapture.Run("loo", dir);
        Assert.True(code == 0, stderr);
        Assert.Contains("elpd_loo", stdout);
        (code, stdout, stderr) = ConsoleCapture.Run("sensitivity", dir);
        Assert.True(code == 0, stderr);
        Assert.Contains("b_mucx_x", stdout);
    }
}
