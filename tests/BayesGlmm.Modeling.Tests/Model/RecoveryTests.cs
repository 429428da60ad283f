// NUTS recovers the known parameters of simulated categorical, ordinal-probit, zero-inflated and hurdle GLMMs.
using System.Globalization;
using System.Text;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class RecoveryTests
{
    /// <summary>Every posterior draw of the reported quantities, one array per output.</summary>
    private static Dictionary<string, double[]> Posterior(GlmmModel model, ulong seed)
    {
        var result = NutsSampler.Run(model, new SamplerOptions { Seed = seed, Chains = 4, Warmup = 500, Draws = 500 });
        var names = model.OutputNames;
        var columns = names.Select(_ => new List<double>()).ToArray();
        var outputs = new double[names.Count];
        var rng = new RandomStream(seed, 99);
        foreach (var chain in result.Chains)
            for (int k = 0; k < chain.CompletedDraws; k++)
            {
                model.WriteOutputs(chain.Draws.AsSpan(k * model.Dimension, model.Dimension), outputs, rng);
                for (int i = 0; i < names.Count; i++) columns[i].Add(outputs[i]);
            }
        return names.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => columns[t.i].ToArray());
    }

    private static (double Mean, double Sd) Moments(double[] draws)
    {
        double mean = draws.Average();
        return (mean, Math.Sqrt(draws.Sum(v => (v - mean) * (v - mean)) / (draws.Length - 1)));
    }

    private static double Quantile(double[] draws, double p)
    {
        var sorted = draws.Order().ToArray();
        return sorted[(int)Math.Round(p * (sorted.Length - 1))];
    }

    /// <summary>
    /// A coefficient's posterior mean lies within 3 posterior sds of the truth (the posterior is close to normal
    /// at a few hundred observations; 3 sds is a two-sided 0.3% miss for one parameter), and a group-level sd's
    /// truth lies inside its central 99% interval (its posterior is skewed).
    /// </summary>
    private static void AssertRecovers(Dictionary<string, double[]> posterior, IReadOnlyDictionary<string, double> coefficients, IReadOnlyDictionary<string, double> sds)
    {
        foreach (var (name, truth) in coefficients)
        {
            var (mean, sd) = Moments(posterior[name]);
            Assert.True(Math.Abs(mean - truth) <= 3 * sd, $"{name}: posterior mean {mean:F3} (sd {sd:F3}), truth {truth}");
        }
        foreach (var (name, truth) in sds)
        {
            double lower = Quantile(posterior[name], 0.005), upper = Quantile(posterior[name], 0.995);
            Assert.True(lower <= truth && truth <= upper, $"{name}: 99% interval [{lower:F3}, {upper:F3}], truth {truth}");
        }
    }

    [Fact]
    public void CategoricalGlmmRecoversKnownCoefficients()
    {
        // Three categories (a the reference), a covariate, a random intercept per category and group: 400 observations in 20 groups.
        double[] intercepts = [-0.5, 0.3], slopes = [1.0, -0.7], sds = [0.5, 0.8];
        var csv = CategoricalGlmmTests.Simulate(new RandomStream(2026, 61), 400, 20, ["a", "b", "c"], intercepts, slopes, sds);
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(csv), Formula.Parse("y ~ x + (1 | g)"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), []);
        var posterior = Posterior(model, 7);
        AssertRecovers(posterior,
            new Dictionary<string, double>
            {
                ["b_mub_Intercept"] = intercepts[0], ["b_muc_Intercept"] = intercepts[1], ["b_mub_x"] = slopes[0], ["b_muc_x"] = slopes[1],
            },
            new Dictionary<string, double> { ["sd_g__mub_Intercept"] = sds[0], ["sd_g__muc_Intercept"] = sds[1] });
    }

    [Theory]
    [InlineData("zero_inflated_poisson", new[] { 0.3 })]
    [InlineData("zero_inflated_negbinomial", new[] { 3.0, 0.3 })]
    [InlineData("hurdle_poisson", new[] { 0.4 })]
    [InlineData("hurdle_negbinomial", new[] { 3.0, 0.4 })]
    public void ZeroCountGlmmRecoversKnownCoefficientsAndZeroProbability(string family, double[] theta)
    {
        // η = 0.8 − 0.6 x + r_g, r_g ~ N(0, 0.5²); y drawn from the family itself: 500 observations in 25 groups.
        const double intercept = 0.8, slope = -0.6, sd = 0.5;
        var rng = new RandomStream(2026, 63);
        int groups = 25, n = 500;
        var r = Enumerable.Range(0, groups).Select(_ => rng.NextNormal(0, sd)).ToArray();
        var x = Enumerable.Range(0, n).Select(_ => rng.NextStandardNormal()).ToArray();
        var eta = Enumerable.Range(0, n).Select(i => intercept + slope * x[i] + r[i % groups]).ToArray();
        var y = new double[n];
        FamilySpec.Parse(family).Bind(new ResponseData { Name = "y", Values = new double[n] }).Replicate(eta, theta, rng, y);
        var text = new StringBuilder("y,x,g\n");
        for (int i = 0; i < n; i++) text.Append(CultureInfo.InvariantCulture, $"{y[i]:R},{x[i]:R},s{i % groups + 1}\n");
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(text.ToString()), Formula.Parse("y ~ x + (1 | g)"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse(family), []);
        var posterior = Posterior(model, 9);
        var coefficients = new Dictionary<string, double> { ["b_Intercept"] = intercept, ["b_x"] = slope, [family.StartsWith("hurdle", StringComparison.Ordinal) ? "hu" : "zi"] = theta[^1] };
        var positive = new Dictionary<string, double> { ["sd_g__Intercept"] = sd };
        if (theta.Length == 2) positive["shape"] = theta[0];
        AssertRecovers(posterior, coefficients, positive);
    }

    [Fact]
    public void CumulativeProbitGlmmRecoversKnownCutpointsAndCoefficients()
    {
        // Latent y* = 0.8 x + r_g + ε, ε ~ N(0, 1), r_g ~ N(0, 0.6²); y = k when τ_{k−1} < y* ≤ τ_k: the cumulative probit model.
        double[] tau = [-1.0, 0.0, 1.2];
        const double slope = 0.8, sd = 0.6;
        var rng = new RandomStream(2026, 62);
        int groups = 20, n = 400;
        var r = Enumerable.Range(0, groups).Select(_ => rng.NextNormal(0, sd)).ToArray();
        var text = new StringBuilder("y,x,g\n");
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextStandardNormal();
            int g = i % groups;
            double latent = slope * x + r[g] + rng.NextStandardNormal();
            int k = 1 + tau.Count(t => latent > t);
            text.Append(CultureInfo.InvariantCulture, $"{k},{x:R},s{g + 1}\n");
        }
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(text.ToString()), Formula.Parse("y ~ x + (1 | g)"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse("cumulative(probit)"), []);
        var posterior = Posterior(model, 8);
        AssertRecovers(posterior,
            new Dictionary<string, double> { ["b_Intercept[1]"] = tau[0], ["b_Intercept[2]"] = tau[1], ["b_Intercept[3]"] = tau[2], ["b_x"] = slope },
            new Dictionary<string, double> { ["sd_g__Intercept"] = sd });
    }
}
