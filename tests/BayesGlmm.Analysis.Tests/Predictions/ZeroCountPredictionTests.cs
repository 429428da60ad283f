// Conditional and population-averaged means of the zero-inflated and hurdle families in closed form and by simulation.
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.Predictions;

public sealed class ZeroCountPredictionTests
{
    private static readonly string Counts = PredictionFixture.Table(6, 4, (j, i) => ((j * i) % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static (double[] Eta, double[] Mean) Evaluate(PredictionFixture f, NewDataFrame data, Dictionary<string, double> values, RandomEffectMode mode)
    {
        var draws = f.Draws(values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var evaluator = new PredictionEvaluator(f.Model, data, new PredictionOptions { Mode = mode });
        var eta = new double[data.RowCount];
        var mean = new double[data.RowCount];
        evaluator.Evaluate(0, outputs, 0, eta, mean);
        return (eta, mean);
    }

    [Theory]
    [InlineData("zero_inflated_poisson")]
    [InlineData("zero_inflated_negbinomial")]
    public void ZeroInflatedMeansAreOneMinusZiTimesTheCountMean(string family)
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | g)", family);
        var values = new Dictionary<string, double> { ["b_Intercept"] = 0.4, ["b_x"] = -0.7, ["sd_g__Intercept"] = 0.9, ["zi"] = 0.3, ["shape"] = 2.5, ["r_g[g02,Intercept]"] = 0.25 };
        var data = f.Code("x,g\n0,g02\n1,g02\n", GroupTermUse.CovariatesAndGroups);
        var conditional = Evaluate(f, data, values, RandomEffectMode.Conditional);
        var marginal = Evaluate(f, data, values, RandomEffectMode.Marginal);
        for (int i = 0; i < 2; i++)
        {
            double eta = 0.4 - 0.7 * i;
            Assert.Equal(0.7 * Math.Exp(eta + 0.25), conditional.Mean[i], 12);
            Assert.Equal(0.7 * Math.Exp(eta + 0.5 * 0.81), marginal.Mean[i], 12);
        }
    }

    [Theory]
    [InlineData("hurdle_poisson")]
    [InlineData("hurdle_negbinomial")]
    public void HurdleMeansTruncateTheCountPartAndAverageOverTheEffects(string family)
    {
        var f = new PredictionFixture(Counts, "y ~ x + (1 | g)", family);
        double shape = 2.5, hu = 0.35, sd = 1.1;
        var values = new Dictionary<string, double> { ["b_Intercept"] = 0.4, ["b_x"] = -0.7, ["sd_g__Intercept"] = sd, ["hu"] = hu, ["shape"] = shape };
        bool nb = family.EndsWith("negbinomial", StringComparison.Ordinal);
        double Mean(double eta)
        {
            double mu = Math.Exp(eta), p0 = nb ? Math.Pow(shape / (mu + shape), shape) : Math.Exp(-mu);
            return (1 - hu) * mu / (1 - p0);
        }
        var data = f.Code("x\n0\n1\n", GroupTermUse.Covariates);
        var none = Evaluate(f, data, values, RandomEffectMode.None);
        var marginal = Evaluate(f, data, values, RandomEffectMode.Marginal);
        var rng = new RandomStream(8);
        const int n = 200_000;
        for (int i = 0; i < 2; i++)
        {
            double eta = 0.4 - 0.7 * i;
            Assert.Equal(Mean(eta), none.Mean[i], 12);
            double sum = 0, sumSquares = 0;
            for (int m = 0; m < n; m++)
            {
                double v = Mean(eta + sd * rng.NextStandardNormal());
                sum += v;
                sumSquares += v * v;
            }
            double estimate = sum / n, se = Math.Sqrt((sumSquares / n - estimate * estimate) / n);
            Assert.True(Math.Abs(marginal.Mean[i] - estimate) < 4 * se, $"row {i}: {marginal.Mean[i]} vs simulated {estimate} (se {se})");
        }
    }
}
