// The model as the sampler sees it: independent per-chain evaluators, and a conjugate posterior recovered by NUTS.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class SamplingTests
{
    [Fact]
    public void EvaluatorsOfDifferentChainsDoNotInterfere()
    {
        var rng = new RandomStream(12);
        var frame = ModelBuilder.Random(rng, 80, 3, true, [new TermSpec("g", 6, 2), new TermSpec("h", 4, 1, Student: true)], new PoissonLog());
        var model = GlmmModel.Create(frame, new PoissonLog(), []);
        var points = Enumerable.Range(0, 200).Select(_ => ModelBuilder.RandomPosition(model, rng, 0.5)).ToArray();
        var expected = points.Select(x => model.Evaluate(x, new double[model.Dimension])).ToArray();
        var results = new double[4][];
        Parallel.For(0, 4, chain =>
        {
            var density = model.Create();
            var gradient = new double[density.Dimension];
            results[chain] = points.Select(x => density.Evaluate(x, gradient)).ToArray();
        });
        foreach (var r in results) Assert.Equal(expected, r);
    }

    [Fact]
    public void NutsRecoversAConjugateNormalPosterior()
    {
        // y_i ~ N(b, se_i) with b ~ normal(1, 3): the posterior of b is normal with precision Σ 1/se² + 1/9.
        var rng = new RandomStream(13);
        int n = 12;
        var se = Enumerable.Range(0, n).Select(_ => rng.NextUniform(0.5, 2)).ToArray();
        var y = se.Select(s => rng.NextNormal(2.0, s)).ToArray();
        var frame = new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "y", Values = y, KnownStandardErrors = se },
            Fixed = new FixedEffectsDesign { X = new ColumnMajorMatrix(n, 1, Enumerable.Repeat(1.0, n).ToArray()), CoefficientNames = ["Intercept"], InterceptColumn = 0 },
            Groups = [],
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
        var model = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), [PriorSpec.Parse("Intercept ~ normal(1, 3)")]);
        Assert.Equal(1, model.Dimension);
        double precision = se.Sum(s => 1 / (s * s)) + 1.0 / 9;
        double mean = (y.Zip(se, (v, s) => v / (s * s)).Sum() + 1.0 / 9) / precision;
        var result = NutsSampler.Run(model, new SamplerOptions { Seed = 3, Warmup = 500, Draws = 1000 });
        var draws = result.Chains.SelectMany(c => c.Draws).ToArray();
        Assert.Equal(4000, draws.Length);
        double sd = Math.Sqrt(1 / precision);
        // NUTS draws of a one-dimensional normal are close to independent; allow for an ESS of 1000.
        Assert.True(Math.Abs(draws.Average() - mean) < 4.5 * sd / Math.Sqrt(1000), $"mean {draws.Average()} vs {mean}");
        double variance = draws.Select(v => (v - draws.Average()) * (v - draws.Average())).Average();
        Assert.InRange(variance / (sd * sd), 0.85, 1.15);
    }
}
