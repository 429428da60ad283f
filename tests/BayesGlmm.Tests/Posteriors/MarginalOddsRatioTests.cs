// On a fitted logistic GLMM with a large random-intercept sd, population-averaged odds ratios are attenuated as theory predicts.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Fitting;
using BayesGlmm.Sampling;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Tests.Posteriors;

public sealed class MarginalOddsRatioTests
{
    [Fact]
    public void PosteriorOddsRatiosAreAttenuatedByAboutOneOverSqrtOnePlusCSquaredSigmaSquared()
    {
        // 30 clusters of 8 Bernoulli responses, u ~ N(0, 2²), logit p = −0.5 + 1.0 x + u with x a 0/1 treatment.
        using var dir = new TempDirectory();
        var rng = new RandomStream(17);
        var csv = new StringBuilder("y,x,g\n");
        for (int j = 0; j < 30; j++)
        {
            double u = 2.0 * rng.NextStandardNormal();
            for (int i = 0; i < 8; i++)
            {
                int x = i % 2;
                double p = 1 / (1 + Math.Exp(-(-0.5 + 1.0 * x + u)));
                csv.Append(CultureInfo.InvariantCulture, $"{(rng.NextDouble() < p ? 1 : 0)},{x},c{j:D2}\n");
            }
        }
        string dataPath = dir.File("clusters.csv");
        File.WriteAllText(dataPath, csv.ToString());
        var spec = new ModelSpec("clusters", dataPath, "y ~ x + (1 | g)", "bernoulli", [], []);
        var fit = FitService.Run(spec, new SamplerOptions { Chains = 2, Warmup = 250, Draws = 250, Seed = 4 }, new FitOutputOptions(dir.File("fit")));

        var model = (GlmmModel)ModelComposition.Prepare(spec).Model;
        var data = DataTable.ReadCsv(dataPath);
        var coded = NewDataFrameBuilder.Build(data, Formula.Parse(spec.Formula), model.Frame, data, GroupTermUse.Covariates, model.Frame.SourceRows);
        var draws = new ReportedDraws(fit.Draws, model);
        var ratio = Assert.Single(EffectRatios.ComputeDraws(model, draws, coded, new PredictionOptions { QuadratureNodes = 32 }, out _));
        var b = fit.Draws.AllChains(fit.Draws.IndexOf("b_x")).ToArray();
        var sigma = fit.Draws.AllChains(fit.Draws.IndexOf("sd_g__Intercept")).ToArray();
        Assert.True(sigma.Average() > 1.3, $"posterior mean sd {sigma.Average()}");

        // Per draw: the population-averaged log odds ratio lies between 0.85 and 1.05 of the approximation b / √(1 + c²σ²) of
        // Zeger, Liang & Albert (1988, eq. 2.4). The exact attenuation depends on the intercept a: at b = 0.65, σ = 3.6 the exact
        // ratio to the approximation is 0.93 at a = 0 and 1.03 at a = −4 (computed by quadrature), so draws far from a = 0 sit above it.
        double c = 16 * Math.Sqrt(3) / (15 * Math.PI);
        for (int d = 0; d < b.Length; d++)
        {
            double theory = b[d] / Math.Sqrt(1 + c * c * sigma[d] * sigma[d]), logPa = Math.Log(ratio.PopulationAveraged[d]);
            Assert.Equal(Math.Exp(b[d]), ratio.Conditional[d], 12);
            double share = logPa / theory;
            Assert.True(share is > 0.85 and <= 1.05, $"draw {d}: b {b[d]}, σ {sigma[d]}, log OR_PA {logPa}, approximation {theory}");
        }
        var conditional = ratio.Conditional.Order().ToArray();
        var averaged = ratio.PopulationAveraged.Order().ToArray();
        Assert.True(averaged[averaged.Length / 2] < conditional[conditional.Length / 2], "the population-averaged median is closer to 1");
    }
}
