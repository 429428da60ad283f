// Population-averaged odds ratios are attenuated as Zeger, Liang & Albert (1988) predict, and equal a direct simulation of the population.
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.Predictions;

public sealed class EffectRatioTests
{
    // Logistic GLMM y ~ x + w + (1 | g): x a 0/1 treatment, w numeric in [−1, 1].
    private static readonly PredictionFixture Logistic = new(
        PredictionFixture.Table(10, 6, (j, i) => ((j * 7 + i * 3) % 5 < 2 ? 1 : 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "y ~ x + w + (1 | g)", "bernoulli");

    // Three draws with substantial random-intercept variance (σ ≈ 2).
    private static readonly Dictionary<string, double>[] Draws =
    [
        new() { ["b_Intercept"] = -0.5, ["b_x"] = 1.0, ["b_w"] = 0.8, ["sd_g__Intercept"] = 2.0 },
        new() { ["b_Intercept"] = 0.3, ["b_x"] = 1.4, ["b_w"] = -0.6, ["sd_g__Intercept"] = 1.7 },
        new() { ["b_Intercept"] = -1.0, ["b_x"] = 0.7, ["b_w"] = 1.2, ["sd_g__Intercept"] = 2.4 },
    ];

    private static readonly double C = 16 * Math.Sqrt(3) / (15 * Math.PI);

    [Fact]
    public void PopulationAveragedOddsRatiosAreAttenuatedAsTheoryPredicts()
    {
        var data = Logistic.Own(GroupTermUse.Covariates);
        var ratios = EffectRatios.ComputeDraws(Logistic.Model, Logistic.Draws(Draws), data, null, out string integration);
        Assert.Equal("Gauss-Hermite quadrature, 64 nodes", integration);
        Assert.Equal(["x", "w"], ratios.Select(r => r.Coefficient));
        foreach (var r in ratios)
            for (int d = 0; d < Draws.Length; d++)
            {
                double b = Draws[d]["b_" + r.Coefficient], sigma = Draws[d]["sd_g__Intercept"];
                Assert.Equal(Math.Exp(b), r.Conditional[d], 14);
                double logPa = Math.Log(r.PopulationAveraged[d]);
                // Attenuated towards 0 by about the factor 1/√(1 + c²σ²) (Zeger, Liang & Albert 1988, eq. 2.4). That
                // factor comes from approximating the logistic by a probit; at σ = 2 the exact attenuation is 3–7% stronger
                // (0.94 of the approximation at η near 0, 0.97 at |η| = 2, by direct integration), hence 8%.
                double theory = b / Math.Sqrt(1 + C * C * sigma * sigma);
                Assert.True(Math.Abs(logPa) < Math.Abs(b) * 0.75, $"{r.Coefficient}, draw {d}: log OR_PA {logPa} vs b {b}");
                Assert.True(Math.Abs(logPa / theory - 1) < 0.08, $"{r.Coefficient}, draw {d}: log OR_PA {logPa} vs b/√(1 + c²σ²) = {theory}");
                Assert.True(logPa / theory < 1, $"{r.Coefficient}, draw {d}: the exact attenuation is stronger than the approximation");
            }
    }

    [Fact]
    public void PopulationAveragedOddsRatiosEqualAnIndependentQuadrature()
    {
        // The row-wise marginal probabilities by the trapezoid rule on a fine grid (step 0.002 over ±10 sd), averaged as
        // the definition says: the Gauss–Hermite values (64 nodes) agree to 1e-8. (The logistic's poles at ±iπ slow
        // the rule's convergence: 32 nodes are good to about 1e-7 here, 64 to about 2e-9.)
        var data = Logistic.Own(GroupTermUse.Covariates);
        var ratios = EffectRatios.ComputeDraws(Logistic.Model, Logistic.Draws(Draws), data, null, out _);
        var x = data.X;
        foreach (var r in ratios)
        {
            int j = r.Coefficient == "x" ? 1 : 2;
            for (int d = 0; d < Draws.Length; d++)
            {
                var p = Draws[d];
                double bj = p["b_" + r.Coefficient], sigma = p["sd_g__Intercept"], sum = 0;
                for (int i = 0; i < data.RowCount; i++)
                {
                    double eta = p["b_Intercept"] + p["b_x"] * x[i, 1] + p["b_w"] * x[i, 2];
                    double lo = eta + bj * ((j == 1 ? 0 : x[i, 2]) - x[i, j]), hi = eta + bj * ((j == 1 ? 1 : x[i, 2] + 1) - x[i, j]);
                    sum += Logit(Trapezoid(hi, sigma)) - Logit(Trapezoid(lo, sigma));
                }
                Assert.Equal(sum / data.RowCount, Math.Log(r.PopulationAveraged[d]), 8);
            }
        }

        static double Trapezoid(double eta, double sigma)
        {
            const double h = 0.002;
            double total = 0;
            for (int k = -5000; k <= 5000; k++)
            {
                double z = k * h;
                total += Math.Exp(-0.5 * z * z) / (1 + Math.Exp(-(eta + sigma * z)));
            }
            return total * h / Math.Sqrt(2 * Math.PI);
        }

        static double Logit(double q) => Math.Log(q / (1 - q));
    }

    [Fact]
    public void PopulationAveragedOddsRatioEqualsADirectSimulationOfThePopulation()
    {
        // Simulate the population directly: at each row of the data, units with new group effects u ~ N(0, σ²)
        // and Bernoulli responses, at the contrast's low and high value; the row's log odds ratio of the two success
        // proportions, averaged over the rows, estimates the same quantity with a binomial standard error.
        var data = Logistic.Own(GroupTermUse.Covariates);
        var ratios = EffectRatios.ComputeDraws(Logistic.Model, Logistic.Draws(Draws), data, null, out _);
        var x = data.X;
        const int units = 8_000; // the average's se is then about 0.005 on log odds ratios near 0.6
        var rng = new RandomStream(2024, 7);
        foreach (var r in ratios)
        {
            int j = r.Coefficient == "x" ? 1 : 2;
            for (int d = 0; d < Draws.Length; d++)
            {
                var p = Draws[d];
                double b0 = p["b_Intercept"], bx = p["b_x"], bw = p["b_w"], sigma = p["sd_g__Intercept"], bj = j == 1 ? bx : bw;
                double sum = 0, variance = 0;
                for (int i = 0; i < data.RowCount; i++)
                {
                    double eta = b0 + bx * x[i, 1] + bw * x[i, 2];
                    double lo = eta + bj * ((j == 1 ? 0 : x[i, 2]) - x[i, j]), hi = eta + bj * ((j == 1 ? 1 : x[i, 2] + 1) - x[i, j]);
                    int low = 0, high = 0;
                    for (int n = 0; n < units; n++)
                    {
                        if (rng.NextDouble() < InverseLogit(lo + sigma * rng.NextStandardNormal())) low++;
                        if (rng.NextDouble() < InverseLogit(hi + sigma * rng.NextStandardNormal())) high++;
                    }
                    double pl = (double)low / units, ph = (double)high / units;
                    sum += Math.Log(ph / (1 - ph)) - Math.Log(pl / (1 - pl));
                    variance += 1 / (units * pl * (1 - pl)) + 1 / (units * ph * (1 - ph));
                }
                double simulated = sum / data.RowCount, se = Math.Sqrt(variance) / data.RowCount;
                double computed = Math.Log(r.PopulationAveraged[d]);
                Assert.True(Math.Abs(computed - simulated) < 4 * se, $"{r.Coefficient}, draw {d}: {computed} vs simulated {simulated} (se {se})");
            }
        }
    }

    [Fact]
    public void MonteCarloIntegrationAgreesWithQuadrature()
    {
        // The same model with Student-t effects of 10⁷ degrees of freedom (normal to 1e-7) forces Monte Carlo; with
        // 20000 samples per draw the population-averaged log odds ratios agree with the quadrature within their error.
        string csv = PredictionFixture.Table(10, 6, (j, i) => ((j * 7 + i * 3) % 5 < 2 ? 1 : 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var two = new PredictionFixture(csv, "y ~ x + w + (1 | gr(g, dist = \"student\"))", "bernoulli");
        var draws = Draws.Select(p => new Dictionary<string, double>(p) { ["df_g"] = 1e7 }).ToArray();
        var mc = EffectRatios.ComputeDraws(two.Model, two.Draws(draws), two.Own(GroupTermUse.Covariates),
            new PredictionOptions { MonteCarloSamples = 20000 }, out string integration);
        Assert.StartsWith("Monte Carlo, 20000 samples", integration);
        var gh = EffectRatios.ComputeDraws(Logistic.Model, Logistic.Draws(Draws), Logistic.Own(GroupTermUse.Covariates), null, out _);
        for (int c = 0; c < 2; c++)
            for (int d = 0; d < Draws.Length; d++)
            {
                double a = Math.Log(gh[c].PopulationAveraged[d]), b = Math.Log(mc[c].PopulationAveraged[d]);
                // The logit of a mean of 20000 samples moves by about 1/(20000 p(1−p))^½ σ-scaled; 0.03 is over 4 such errors.
                Assert.True(Math.Abs(a - b) < 0.03, $"{gh[c].Coefficient}, draw {d}: quadrature {a} vs Monte Carlo {b}");
            }
    }

    [Fact]
    public void LogLinkRatiosOfAPoissonInterceptModelAreNotAttenuated()
    {
        // Under a log link with a random intercept, E[y] = exp(η + σ²/2): the population-averaged rate ratio equals exp(b).
        var f = new PredictionFixture(PredictionFixture.Table(6, 4, (j, i) => ((j + i) % 4).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "y ~ x + w + (1 | g)", "poisson");
        var result = EffectRatios.Compute(f.Model, f.Draws(new Dictionary<string, double> { ["b_Intercept"] = 0.2, ["b_x"] = 0.5, ["b_w"] = -0.3, ["sd_g__Intercept"] = 1.5 }),
            f.Own(GroupTermUse.Covariates));
        Assert.Equal(RatioKind.RateRatio, result.Kind);
        Assert.Equal(Math.Exp(0.5), result.Rows[0].PopulationAveraged.Mean, 11);
        Assert.Equal(Math.Exp(-0.3), result.Rows[1].PopulationAveraged.Mean, 11);
    }

    [Fact]
    public void OtherLinksHaveNoRatios()
    {
        var f = new PredictionFixture(PredictionFixture.Table(4, 3, (j, i) => (j + 0.5 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "y ~ x + (1 | g)", "gaussian");
        var e = Assert.Throws<InputException>(() => EffectRatios.KindOf(f.Model));
        Assert.Contains("gaussian(identity)", e.Message);
    }

    private static double InverseLogit(double eta) => 1 / (1 + Math.Exp(-eta));
}
