// Each random-effect mode on tiny models whose predictions are known in closed form.
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Tests.Predictions;

public sealed class PredictionModeTests
{
    private static readonly string Counts = PredictionFixture.Table(6, 4, (j, i) => ((j + i) % 4).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static (double[] Eta, double[] Mean) Evaluate(PredictionFixture f, NewDataFrame data, Dictionary<string, double> values,
        RandomEffectMode mode, int draw = 0, int samples = 1000)
    {
        var draws = f.Draws(values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var evaluator = new PredictionEvaluator(f.Model, data, new PredictionOptions { Mode = mode, MonteCarloSamples = samples, Seed = 5 });
        var eta = new double[data.RowCount];
        var mean = new double[data.RowCount];
        evaluator.Evaluate(draw, outputs, 0, eta, mean);
        return (eta, mean);
    }

    [Fact]
    public void GaussianIdentityMarginalIsConditionalAtZero()
    {
        var f = new PredictionFixture(Counts, "y ~ x + w + (1 + w | g)", "gaussian");
        var values = new Dictionary<string, double>
        {
            ["b_Intercept"] = 0.3, ["b_x"] = -1.2, ["b_w"] = 0.7, ["sd_g__Intercept"] = 2, ["sd_g__w"] = 1.5,
            ["cor_g__Intercept__w"] = 0.4, ["sigma"] = 1, ["r_g[g01,Intercept]"] = 5,
        };
        var data = f.Code("x,w,g\n1,0.5,g01\n0,-2,g03\n", GroupTermUse.CovariatesAndGroups);
        var none = Evaluate(f, data, values, RandomEffectMode.None);
        var marginal = Evaluate(f, data, values, RandomEffectMode.Marginal);
        var conditional = Evaluate(f, data, values, RandomEffectMode.Conditional);
        double[] expected = [0.3 - 1.2 + 0.35, 0.3 - 1.4];
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i], none.Eta[i], 14);
            Assert.Equal(expected[i], none.Mean[i], 14);
            Assert.Equal(expected[i], marginal.Eta[i], 14);
            Assert.Equal(expected[i], marginal.Mean[i], 14);
        }
        Assert.Equal(expected[0] + 5, conditional.Mean[0], 14);
        Assert.Equal(expected[1], conditional.Mean[1], 14);
    }

    [Fact]
    public void PoissonMarginalMeanWithOneNormalInterceptIsExpOfEtaPlusHalfSigmaSquared()
    {
        var f = new PredictionFixture(Counts, "y ~ x + w + (1 | g)", "poisson");
        var values = new Dictionary<string, double> { ["b_Intercept"] = 0.2, ["b_x"] = 0.5, ["b_w"] = -0.3, ["sd_g__Intercept"] = 1.7 };
        var data = f.Code("x,w\n0,0\n1,2\n1,-1\n", GroupTermUse.Covariates);
        var (eta, mean) = Evaluate(f, data, values, RandomEffectMode.Marginal);
        double[] expected = [0.2, 0.2 + 0.5 - 0.6, 0.2 + 0.5 + 0.3];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], eta[i], 14);
            Assert.Equal(1.0, mean[i] / Math.Exp(expected[i] + 0.5 * 1.7 * 1.7), 12); // Gauss–Hermite, 64 nodes
        }
    }

    private static readonly string Crossed = "y,x,w,g,h\n" + string.Join("\n", Enumerable.Range(0, 24).Select(n => $"{n % 2},{n % 2},{(n % 5) / 4.0 - 0.5},g{n % 6},h{n % 4}")) + "\n";

    private static Dictionary<string, double> CrossedValues(double s0, double s1, double rho, double sh) => new()
    {
        ["b_Intercept"] = 0.1, ["b_x"] = 0.4, ["b_w"] = 0.2, ["sd_g__Intercept"] = s0, ["sd_g__w"] = s1,
        ["cor_g__Intercept__w"] = rho, ["sd_h__Intercept"] = sh,
    };

    [Fact]
    public void PoissonMarginalMeanWithCorrelatedAndCrossedEffectsIsTheNormalMomentGeneratingFunction()
    {
        // log E[y] = η + ½ z'Σz + ½ σ_h² for (1 + w | g) + (1 | h).
        var f = new PredictionFixture(Crossed, "y ~ x + w + (1 + w | g) + (1 | h)", "poisson");
        double s0 = 0.8, s1 = 0.6, rho = -0.5, sh = 0.5;
        var data = f.Code("x,w\n1,0.5\n0,-1\n", GroupTermUse.Covariates);
        var (eta, mean) = Evaluate(f, data, CrossedValues(s0, s1, rho, sh), RandomEffectMode.Marginal);
        for (int i = 0; i < 2; i++)
        {
            double w = i == 0 ? 0.5 : -1;
            double variance = s0 * s0 + 2 * rho * s0 * s1 * w + s1 * s1 * w * w + sh * sh;
            Assert.Equal(1.0, mean[i] / Math.Exp(eta[i] + 0.5 * variance), 13);
        }
    }

    [Fact]
    public void LogisticMarginalMeanWithCorrelatedAndCrossedEffectsEqualsASimulationOfTheEffects()
    {
        // The quadrature over the scalar s = z'u ~ N(0, v) against averaging over simulated (u_g, u_h) directly.
        var f = new PredictionFixture(Crossed, "y ~ x + w + (1 + w | g) + (1 | h)", "bernoulli");
        double s0 = 1.5, s1 = 1.0, rho = 0.6, sh = 0.9;
        var data = f.Code("x,w\n1,0.5\n0,-1\n", GroupTermUse.Covariates);
        var (eta, mean) = Evaluate(f, data, CrossedValues(s0, s1, rho, sh), RandomEffectMode.Marginal);
        var rng = new BayesGlmm.Numerics.Random.RandomStream(11);
        const int n = 200_000;
        for (int i = 0; i < 2; i++)
        {
            double w = i == 0 ? 0.5 : -1, sum = 0, sumSquares = 0;
            for (int m = 0; m < n; m++)
            {
                double z0 = rng.NextStandardNormal(), z1 = rng.NextStandardNormal();
                double u0 = s0 * z0, u1 = s1 * (rho * z0 + Math.Sqrt(1 - rho * rho) * z1), uh = sh * rng.NextStandardNormal();
                double p = 1 / (1 + Math.Exp(-(eta[i] + u0 + u1 * w + uh)));
                sum += p;
                sumSquares += p * p;
            }
            double estimate = sum / n, se = Math.Sqrt((sumSquares / n - estimate * estimate) / n);
            Assert.True(Math.Abs(mean[i] - estimate) < 4 * se, $"row {i}: {mean[i]} vs simulated {estimate} (se {se})");
        }
    }

    [Fact]
    public void StudentEffectsAreIntegratedByMonteCarloWithinItsError()
    {
        // Bernoulli logit with a t(4) intercept of scale 1.5: Monte Carlo (5000 samples, fixed seed) against the
        // trapezoid rule over the t density; |error| < 4 Monte Carlo standard errors, and the same seed repeats.
        var f = new PredictionFixture(Crossed, "y ~ x + (1 | gr(g, dist = \"student\"))", "bernoulli");
        var values = new Dictionary<string, double> { ["b_Intercept"] = -0.3, ["b_x"] = 0.9, ["sd_g__Intercept"] = 1.5, ["df_g"] = 4 };
        var data = f.Code("x\n0\n1\n", GroupTermUse.Covariates);
        const int samples = 5000;
        var (eta, mean) = Evaluate(f, data, values, RandomEffectMode.Marginal, samples: samples);
        for (int i = 0; i < 2; i++)
        {
            double exact = 0, second = 0;
            const double h = 0.001;
            double logNorm = MathNet.Numerics.SpecialFunctions.GammaLn(2.5) - MathNet.Numerics.SpecialFunctions.GammaLn(2) - 0.5 * Math.Log(4 * Math.PI);
            for (int k = -400_000; k <= 400_000; k++)
            {
                double t = k * h, density = Math.Exp(logNorm - 2.5 * Math.Log(1 + t * t / 4));
                double p = 1 / (1 + Math.Exp(-(eta[i] + 1.5 * t)));
                exact += density * p * h;
                second += density * p * p * h;
            }
            double se = Math.Sqrt((second - exact * exact) / samples);
            Assert.True(Math.Abs(mean[i] - exact) < 4 * se, $"row {i}: {mean[i]} vs {exact} (se {se})");
        }
        Assert.Equal(mean, Evaluate(f, data, values, RandomEffectMode.Marginal, samples: samples).Mean);
    }

    [Fact]
    public void ALogLinkPopulationMeanWithStudentEffectsDoesNotExist()
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | gr(g, dist = \"student\"))", "poisson");
        var e = Assert.Throws<InputException>(() => new PredictionEvaluator(f.Model, f.Code("x\n0\n", GroupTermUse.Covariates),
            new PredictionOptions { Mode = RandomEffectMode.Marginal }));
        Assert.Contains("does not exist with Student-t group-level effects", e.Message);
    }

    [Fact]
    public void ConditionalUsesTheFittedEffectsAsTheModelsOwnLinearPredictor()
    {
        var f = new PredictionFixture(Counts, "y ~ x + w + (1 + w | g)", "poisson");
        var random = new Random(3);
        var values = f.Model.OutputNames.ToDictionary(n => n, n => n.StartsWith("sd_", StringComparison.Ordinal) ? 1.0 : n.StartsWith("cor_", StringComparison.Ordinal) ? 0.2 : random.NextDouble() - 0.5);
        var data = f.Own(GroupTermUse.CovariatesAndGroups);
        var (eta, mean) = Evaluate(f, data, values, RandomEffectMode.Conditional);
        var draws = f.Draws(values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var expected = new double[f.Model.ObservationCount];
        f.Model.LinearPredictor(outputs, expected);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], eta[i], 13);
            Assert.Equal(Math.Exp(expected[i]), mean[i], 12);
        }
    }

    [Fact]
    public void BinomialMeansCountTheNewRowsTrials()
    {
        string csv = "r,n,x,g\n1,3,0,a\n2,4,1,a\n0,2,0,b\n3,5,1,b\n";
        var f = new PredictionFixture(csv, "r | trials(n) ~ x + (1 | g)", "binomial");
        var values = new Dictionary<string, double> { ["b_Intercept"] = -0.4, ["b_x"] = 1.1, ["sd_g__Intercept"] = 0.5 };
        var (_, mean) = Evaluate(f, f.Code("n,x\n10,1\n1,0\n", GroupTermUse.None), values, RandomEffectMode.None);
        Assert.Equal(10 / (1 + Math.Exp(-0.7)), mean[0], 13);
        Assert.Equal(1 / (1 + Math.Exp(0.4)), mean[1], 13);
    }

    [Fact]
    public void NewGroupsDrawEffectsFromTheirDistributionAndShareThemWithinAGroup()
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | g)", "poisson");
        var values = new Dictionary<string, double> { ["b_Intercept"] = 0.5, ["b_x"] = 0.25, ["sd_g__Intercept"] = 1.3 };
        var data = f.Code("x,g\n0,new1\n1,new1\n0,g00\n", GroupTermUse.CovariatesAndGroups);
        var draws = f.Draws(values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var evaluator = new PredictionEvaluator(f.Model, data, new PredictionOptions { Mode = RandomEffectMode.New, Seed = 9 });
        const int n = 4000;
        var first = new double[n];
        var third = new double[n];
        var eta = new double[3];
        var mean = new double[3];
        for (int d = 0; d < n; d++)
        {
            evaluator.Evaluate(d, outputs, 0, eta, mean);
            Assert.Equal(0.25, eta[1] - eta[0], 13); // rows of one group share its effect
            first[d] = eta[0] - 0.5;
            third[d] = eta[2] - 0.5;
        }
        // Each is N(0, 1.3²); a fitted group is treated as new too (its r_ draws are 0 here, the new effects are not).
        foreach (var u in new[] { first, third })
        {
            double m = u.Average(), v = u.Select(x => (x - m) * (x - m)).Sum() / (n - 1);
            Assert.True(Math.Abs(m) < 4 * 1.3 / Math.Sqrt(n), $"mean {m}");
            Assert.True(Math.Abs(v / (1.3 * 1.3) - 1) < 4 * Math.Sqrt(2.0 / n), $"variance {v}");
        }
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void NewStudentEffectsHaveTheVarianceOfTheirTDistribution()
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | gr(g, dist = \"student\"))", "poisson");
        var values = new Dictionary<string, double> { ["b_Intercept"] = 0, ["b_x"] = 0, ["sd_g__Intercept"] = 0.8, ["df_g"] = 6 };
        var data = f.Code("x,g\n0,z\n", GroupTermUse.CovariatesAndGroups);
        var draws = f.Draws(values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var evaluator = new PredictionEvaluator(f.Model, data, new PredictionOptions { Mode = RandomEffectMode.New });
        const int n = 20000;
        var u = new double[n];
        var eta = new double[1];
        var mean = new double[1];
        for (int d = 0; d < n; d++)
        {
            evaluator.Evaluate(d, outputs, 0, eta, mean);
            u[d] = eta[0];
        }
        // Var = sd² df/(df − 2) = 0.96; the kurtosis of t(6) is 6 (excess 3), so Var(u²) = μ4 − σ⁴ = (3 + 3)σ⁴ − σ⁴.
        double variance = u.Select(x => x * x).Average(), sigma2 = 0.64 * 6 / 4;
        double se = Math.Sqrt(5 * sigma2 * sigma2 / n);
        Assert.True(Math.Abs(variance - sigma2) < 4 * se, $"variance {variance} vs {sigma2} (se {se})");
    }

    [Fact]
    public void ConditionalPredictionForAnUnseenGroupSuggestsNewGroups()
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | g)", "poisson");
        var data = f.Code("x,g\n0,g00\n1,zz\n", GroupTermUse.CovariatesAndGroups);
        var e = Assert.Throws<InputException>(() => new PredictionEvaluator(f.Model, data, new PredictionOptions()));
        Assert.Contains("new.csv, row 2: group 'zz' of 'g' was not in the fitted data", e.Message);
        Assert.Contains("random-effect mode new", e.Message);
        Assert.DoesNotContain("--", e.Message); // the command line adds its flag
        Assert.Equal("new,marginal", e.Data[PredictionEvaluator.ModeSetting]);
    }

    [Fact]
    public void SummariesOverDrawsAreTheirMomentsAndQuantiles()
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | g)", "gaussian");
        var perDraw = Enumerable.Range(0, 101).Select(d => new Dictionary<string, double> { ["b_Intercept"] = d / 100.0, ["sd_g__Intercept"] = 1, ["sigma"] = 1 }).ToArray();
        var result = PosteriorPredictions.Compute(f.Model, f.Draws(perDraw), f.Code("x\n0\n", GroupTermUse.None),
            new PredictionOptions { Mode = RandomEffectMode.None, Probabilities = [0.1, 0.5] });
        var row = Assert.Single(result.Rows);
        Assert.Equal(1, row.Row);
        Assert.Equal(0.5, row.Response.Mean, 13);
        Assert.Equal(Math.Sqrt(101 * 102 / 12.0 / 100.0) / 10, row.Response.Sd, 12); // sd of 0, 0.01, ..., 1
        Assert.Equal([0.1, 0.5], row.Response.Quantiles.Select(q => Math.Round(q, 12)).ToArray());
        Assert.Equal(101, result.DrawCount);
        Assert.Equal("none", result.Integration);
    }
}
