// `bayesglmm estimate`: the table and the CSV file, the method defaults, and bad input as a one-line error with exit code 2 and no file.
using System.Globalization;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class EstimateCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static string Sleepstudy => Path.Combine(CliRun.ModelsDirectory, "sleepstudy.csv");

    [Fact]
    public void RemlIsTheDefaultForAGaussianModelAndTheFileHasBrmsNamesAndALogLikRow()
    {
        string output = _scratch.File("sleep.csv");
        var (code, stdout, error) = ConsoleCapture.Run("estimate", "--data", Sleepstudy, "--formula", "Reaction ~ Days + (Days | Subject)", "--output", output);
        Assert.True(code == 0, error);
        Assert.Contains("Method: REML", stdout);
        var lines = File.ReadAllLines(output);
        Assert.Equal("variable,estimate,se", lines[0]);
        Assert.Equal(["b_Intercept", "b_Days", "sd_Subject__Intercept", "sd_Subject__Days", "cor_Subject__Intercept__Days", "sigma", "logLik"],
            lines.Skip(1).Select(l => l.Split(',')[0]));
        // lmer(REML): logLik −871.8141, sigma 25.5918 (Reference/lme4 in the service tests).
        Assert.Equal(-871.8141, double.Parse(lines[^1].Split(',')[1], CultureInfo.InvariantCulture), 3);
        Assert.Equal("", lines[^2].Split(',')[2]); // no se for sigma, as lme4
    }

    [Fact]
    public void ModelFilesWorkAndAgqTakesItsNodeCount()
    {
        var (code, stdout, error) = ConsoleCapture.Run("estimate", Path.Combine(CliRun.ModelsDirectory, "cbpp.json"), "--method", "agq", "--nagq", "5");
        Assert.True(code == 0, error);
        Assert.Contains("nAGQ = 5", stdout);
        Assert.Contains("Quadrature check", stdout);
        Assert.Contains("sd_herd__Intercept", stdout);
    }

    [Theory]
    [InlineData("--method", "reml", "--family", "poisson")]
    [InlineData("--method", "agq", "--formula", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)")]
    [InlineData("--method", "laplace", "--nagq", "3")]
    [InlineData("--formula", "Reaction ~ Days")]
    public void BadInputIsOneLineWithExitCodeTwoAndNoFile(params string[] args)
    {
        string output = _scratch.File("bad.csv");
        var all = new List<string> { "estimate", "--data", Sleepstudy, "--output", output };
        if (!args.Contains("--formula")) all.AddRange(["--formula", "Reaction ~ Days + (Days | Subject)"]);
        all.AddRange(args);
        var (code, _, error) = ConsoleCapture.Run(all.ToArray());
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }
}
