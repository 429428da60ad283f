// `bayesglmm fit --prior-only`: prior draws, and a report whose predictive checks are prior predictive checks.
namespace BayesGlmm.Cli.Tests.Commands;

public sealed class PriorOnlyCommandTests
{
    [Fact]
    public void PriorOnlyFitReportsThePriorPredictiveCheck()
    {
        using var scratch = new ScratchDirectory();
        string data = scratch.File("counts.csv");
        File.WriteAllText(data, "y,x,g\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{(i % 3 == 0 ? 0 : i % 7)},{i % 4},g{i % 5}")) + "\n");
        string output = scratch.File("out");
        var (code, stdout, stderr) = ConsoleCapture.Run("fit", "--data", data, "--formula", "y ~ x + (1 | g)", "--family", "zero_inflated_poisson",
            "--prior", "b ~ normal(0, 1)", "--prior", "Intercept ~ normal(1, 1)", "--prior", "sd ~ normal(0, 0.5)",
            "--prior-only", "--chains", "2", "--warmup", "300", "--draws", "300", "--quiet", "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("Prior: sampled alone", stdout);
        Assert.Contains("\"prior_only\": true", File.ReadAllText(Path.Combine(output, "fit.json")));
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Prior predictive check", html);
        Assert.Contains("Prior predictive test statistics", html);
        Assert.Contains("Zeros: ", html);
        Assert.DoesNotContain("Posterior predictive check", html);
        Assert.DoesNotContain("elpd_loo", html);
        Assert.DoesNotContain("Prior sensitivity (power-scaling)", html);
    }
}
