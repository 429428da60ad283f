// Power-scaling through fit and sensitivity: a conflicting prior, a weak-data case, and a flat prior class.
using System.Globalization;

namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>
/// The two cases of Kallioinen et al. (2023, §5) through the real model and sampler: the same normal model and data
/// as the priorsense fixture in shared/reference/sensitivity (y ~ normal(mu, sigma), mu ~ normal(0, s0),
/// sigma ~ exponential(1)), where the exact-draw reference gives mu a prior-likelihood conflict (0.133, 0.239)
/// at n = 20 with s0 = 1 and a strong prior / weak likelihood (0.085, 0.013) at n = 2 with s0 = 0.1. Every
/// diagnosed value is at least 0.035 from the threshold 0.05, far beyond the Monte Carlo error of 4000 draws.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SensitivityCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static readonly double[] ConflictData =
    [
        4.0380665840801173, 4.7074742771215332, 6.1167983483508542, 5.1280418286085376, 4.5553051046587706,
        4.4905356524779186, 5.8616580919003623, 4.9129063779447009, 6.3150287924282082, 4.6718628264940838,
        5.6547843282508599, 5.7106271208911064, 3.0897017089478424, 4.3216436451463587, 4.3627066047813657,
        5.1342925005183287, 4.0929488131474023, 2.4427458398040604, 4.6785637262939052, 4.2981563101806548,
    ];

    private string Fit(string name, IEnumerable<double> y, string formula, params string[] extra)
    {
        string csv = _scratch.File(name + ".csv");
        File.WriteAllLines(csv, new[] { "y,x" }.Concat(y.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{v:R},{i % 3}"))));
        string directory = _scratch.File(name);
        var (code, _, error) = ConsoleCapture.Run(
            new[] { "fit", "--data", csv, "--formula", formula, "--chains", "4", "--warmup", "500", "--draws", "1000", "--seed", "3",
                    "--out", directory, "--quiet", "--no-plots" }.Concat(extra).ToArray());
        Assert.True(code == 0, error);
        return directory;
    }

    private static string Diagnosis(string output, string variable)
    {
        string row = output.Split('\n').Single(l => l.StartsWith(variable + " ", StringComparison.Ordinal));
        return row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[3];
    }

    [Fact]
    public void ADeliberatelyConflictingPriorIsFlaggedAsPriorDataConflict()
    {
        string fit = Fit("conflict", ConflictData, "y ~ 1", "--prior", "Intercept ~ normal(0, 1)", "--prior", "sigma ~ exponential(1)");
        var (code, output, error) = ConsoleCapture.Run("sensitivity", fit);
        Assert.True(code == 0, error);
        Assert.Equal("potential prior-likelihood conflict", Diagnosis(output, "b_Intercept"));

        // Scaling only sigma's prior leaves the intercept without a prior problem.
        var (sigmaCode, sigmaOnly, _) = ConsoleCapture.Run("sensitivity", fit, "--prior-class", "sigma");
        Assert.Equal(0, sigmaCode);
        Assert.Equal("-", Diagnosis(sigmaOnly, "b_Intercept"));
    }

    [Fact]
    public void AWeakDataCaseIsFlaggedAsStrongPriorWeakLikelihood()
    {
        string fit = Fit("weak", [-0.39691454662498138, 0.68484918464674249], "y ~ 1",
            "--prior", "Intercept ~ normal(0, 0.1)", "--prior", "sigma ~ exponential(1)");
        var (code, output, error) = ConsoleCapture.Run("sensitivity", fit);
        Assert.True(code == 0, error);
        Assert.Equal("potential strong prior / weak likelihood", Diagnosis(output, "b_Intercept"));
    }

    [Fact]
    public void ScalingAVeryWidePriorClassMovesNothing()
    {
        var rng = new Random(4);
        var y = Enumerable.Range(0, 60).Select(i => 1 + 0.8 * (i % 3) + rng.NextDouble()).ToArray();
        string fit = Fit("flat", y, "y ~ 1 + x", "--prior", "b ~ normal(0, 1000)");
        var (code, output, error) = ConsoleCapture.Run("sensitivity", fit, "--prior-class", "b");
        Assert.True(code == 0, error);
        foreach (string variable in new[] { "b_Intercept", "b_x", "sigma" })
        {
            string row = output.Split('\n').Single(l => l.StartsWith(variable + " ", StringComparison.Ordinal));
            double prior = double.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            Assert.True(prior < 0.005, row);
        }
    }
}
