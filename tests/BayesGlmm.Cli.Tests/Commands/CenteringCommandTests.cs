// brms's centring of the intercept prior from the command line: the printed prior lines, --no-center, fit.json and a rebuilt fit.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class CenteringCommandTests
{
    /// <summary>y = 3 + 0.5 (x − 25) + noise with x between 20 and 30: an uncentred covariate, as a temperature.</summary>
    private static string Data(ScratchDirectory dir)
    {
        var csv = new StringBuilder("y,x\n");
        for (int i = 0; i < 40; i++)
        {
            double x = 20 + i % 11;
            csv.Append(CultureInfo.InvariantCulture, $"{3 + 0.5 * (x - 25) + 0.3 * Math.Sin(7 * i):R},{x:R}\n");
        }
        string path = dir.File("temperature.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void ThePrintedPriorsSayWhichInterceptTheyApplyTo()
    {
        using var dir = new ScratchDirectory();
        string data = Data(dir);
        string[] small = ["--warmup", "100", "--draws", "100", "--chains", "1"];
        var centred = CliRun.Of(["fit", "--data", data, "--formula", "y ~ x", "--prior", "Intercept ~ normal(3, 1)", "--out", dir.File("centred"), .. small]);
        Assert.True(centred.ExitCode == 0, centred.Error);
        Assert.Contains("  Intercept ~ normal(3, 1) [the intercept of the centred predictors; b_Intercept is reported uncentred]", centred.Output, StringComparison.Ordinal);
        Assert.Contains("\"center\": true", File.ReadAllText(dir.File("centred/fit.json")), StringComparison.Ordinal);

        // brms: with an implicit intercept, b_Intercept names no prior; --no-center makes it the intercept as written.
        var refused = CliRun.Of(["fit", "--data", data, "--formula", "y ~ x", "--prior", "b_Intercept ~ normal(0, 100)", "--out", dir.File("refused"), .. small]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("centred predictors", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("refused")));

        var uncentred = CliRun.Of(["fit", "--data", data, "--formula", "y ~ x", "--prior", "b_Intercept ~ normal(0, 100)", "--no-center", "--out", dir.File("uncentred"), .. small]);
        Assert.True(uncentred.ExitCode == 0, uncentred.Error);
        Assert.Contains("  b_Intercept ~ normal(0, 100) [the uncentred intercept]", uncentred.Output, StringComparison.Ordinal);
        Assert.Contains("\"center\": false", File.ReadAllText(dir.File("uncentred/fit.json")), StringComparison.Ordinal);

        // A command that rebuilds the model from the fit directory rebuilds it without centring (b_Intercept ~ ... would be refused otherwise).
        var sensitivity = CliRun.Of("sensitivity", dir.File("uncentred"));
        Assert.True(sensitivity.ExitCode == 0, sensitivity.Error);
        Assert.Contains("b_Intercept", sensitivity.Output, StringComparison.Ordinal);
    }
}
