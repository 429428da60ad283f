// What the report and sensitivity show by default: no per-level u_ effects of an HGLM, and predictive statistics that suit the response.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class ReportChoicesCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>A short fit (2 chains of 150 + 150) with its plots and report; <paramref name="model"/> is a model file or --data/--formula flags.</summary>
    private string Fit(string name, params string[] model)
    {
        string directory = _scratch.File(name);
        var (code, _, error) = ConsoleCapture.Run(["fit", .. model, "--chains", "2", "--warmup", "150", "--draws", "150", "--seed", "3", "--out", directory, "--quiet"]);
        Assert.True(code == 0, error);
        return directory;
    }

    [Fact]
    public void AnHglmsUEffectsAreLeftOutOfSensitivityAndItsPlotsUnlessAll()
    {
        string fit = Fit("pumps", Path.Combine(CliRun.ModelsDirectory, "pumps.json"));
        Assert.Empty(Directory.GetFiles(Path.Combine(fit, "plots"), "powerscale_u_*"));
        string report = File.ReadAllText(Path.Combine(fit, "report.html"));
        string sensitivity = report[report.IndexOf("Prior sensitivity (power-scaling)", StringComparison.Ordinal)..];
        Assert.Contains("lambda_pump", sensitivity, StringComparison.Ordinal);
        Assert.DoesNotContain("u_pump[", sensitivity, StringComparison.Ordinal);

        var (code, output, error) = ConsoleCapture.Run("sensitivity", fit);
        Assert.True(code == 0, error);
        Assert.Contains("lambda_pump", output, StringComparison.Ordinal);
        Assert.DoesNotContain("u_pump[", output, StringComparison.Ordinal);
        Assert.DoesNotContain("r_pump[", output, StringComparison.Ordinal);

        (code, output, error) = ConsoleCapture.Run("sensitivity", fit, "--all");
        Assert.True(code == 0, error);
        Assert.Contains("u_pump[1]", output, StringComparison.Ordinal);
        Assert.Contains("r_pump[1,Intercept]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinaryResponseIsCheckedByItsMeanAndAnOrdinalOneByCategory()
    {
        var csv = new StringBuilder("y,x,g\n");
        var random = new Random(8);
        for (int i = 0; i < 120; i++)
        {
            double x = random.NextDouble() * 2 - 1;
            csv.Append(CultureInfo.InvariantCulture, $"{(random.NextDouble() < 1 / (1 + Math.Exp(-x)) ? "yes" : "no")},{x:R},g{i % 6}\n");
        }
        string data = _scratch.File("binary.csv");
        File.WriteAllText(data, csv.ToString());
        string binary = Fit("binary", "--data", data, "--formula", "y ~ x + (1 | g)", "--family", "bernoulli");
        var stats = Directory.GetFiles(Path.Combine(binary, "plots"), "ppc_stat_*.svg").Select(f => Path.GetFileNameWithoutExtension(f)!).ToArray();
        Assert.Equal(["ppc_stat_mean"], stats);

        string wine = Fit("wine", Path.Combine(CliRun.ModelsDirectory, "wine.json"));
        stats = Directory.GetFiles(Path.Combine(wine, "plots"), "ppc_stat_*.svg").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ppc_stat_mean", "ppc_stat_prop_1", "ppc_stat_prop_2", "ppc_stat_prop_3", "ppc_stat_prop_4", "ppc_stat_prop_5", "ppc_stat_sd"], stats);
    }
}
