// The translation of a coefficient constant within a nested pair's inner levels against the inner totals: it keeps every η
// and samples the coefficient's conditional along the translation.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Glmm;

public sealed class TotalsShiftTests
{
    /// <summary>
    /// y ~ x + (1 | a/b) with x constant within each b level, the pair nested: shifts for the intercept and x (a covariate
    /// that varies within a b level gets none).
    /// </summary>
    private static (GlmmModel Model, NestedCentredEffects Pair) PairModel(RandomStream rng)
    {
        var frame = ModelBuilder.Random(rng, 300, 3, intercept: true, [new TermSpec("a", 6, 1), new TermSpec("a:b", 4, 1, NestedIn: 0)], new PoissonLog());
        // Column 1 becomes a value per b level; column 2 stays varying within levels.
        var level = frame.Groups[1].LevelOfObservation;
        var perLevel = Enumerable.Range(0, frame.Groups[1].LevelCount).Select(_ => rng.NextNormal(1, 0.7)).ToArray();
        for (int i = 0; i < level.Length; i++) frame.Fixed.X[i, 1] = perLevel[level[i]];
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Nested });
        var pair = model.Structure.Blocks.OfType<NestedCentredEffects>().Single();
        return (model, pair);
    }

    [Fact]
    public void ShiftsAreMadeForTheColumnsConstantWithinTheInnerLevelsAndKeepEveryEta()
    {
        var rng = new RandomStream(41);
        var (model, pair) = PairModel(rng);
        var shifts = TotalsShift.For(model.Structure);
        Assert.Equal(2, shifts.Length); // the intercept and column 1
        using var density = (GlmmEvaluator)model.Create(1);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        var (_, logLikelihood) = density.EvaluateParts(x);
        foreach (var shift in shifts)
        {
            var before = (double[])x.Clone();
            Assert.True(shift.Move(x, rng));
            Assert.NotEqual(before, x);
            var (_, moved) = density.EvaluateParts(x);
            Assert.Equal(logLikelihood, moved, 1e-9 * Math.Abs(logLikelihood));
        }
    }

    [Fact]
    public void RepeatedShiftsSampleTheCoefficientGivenTheRest()
    {
        // With everything but the translation fixed, w_a = v_a + b_k c_a stays, and under b's flat prior b_k given w is
        // normal: precision P = Σ c_a² / sd_A², mean Σ c_a (w_a − r_B,p(a)) / (sd_A² P). 4000 shifts against it: the mean
        // and the variance within 4 batch-means standard errors.
        var rng = new RandomStream(42);
        var (model, pair) = PairModel(rng);
        var shift = TotalsShift.For(model.Structure).Single(s => s.Column == 1);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        var c = shift.LevelValues;
        double sdA = Math.Exp(x[pair.InnerLogSd]), sdB = Math.Exp(x[pair.OuterLogSd]);
        double precision = 0, linear = 0;
        for (int a = 0; a < c.Count; a++)
        {
            double w = x[pair.InnerLatent + a] + x[1] * c[a];
            precision += c[a] * c[a];
            linear += c[a] * (w - sdB * x[pair.OuterLatent + pair.Parent[a]]);
        }
        double mean = linear / precision, variance = sdA * sdA / precision;
        const int moves = 4000, batches = 40;
        var draws = new double[moves];
        for (int k = 0; k < moves; k++)
        {
            shift.Move(x, rng);
            draws[k] = x[1];
        }
        double BatchSe(Func<double, double> f)
        {
            var means = Enumerable.Range(0, batches).Select(b => draws.Skip(b * (moves / batches)).Take(moves / batches).Select(f).Average()).ToArray();
            double m = means.Average();
            return Math.Sqrt(means.Sum(v => (v - m) * (v - m)) / (batches - 1) / batches);
        }
        double sampleMean = draws.Average();
        double z = (sampleMean - mean) / BatchSe(v => v);
        Assert.True(Math.Abs(z) < 4, $"mean {sampleMean:G6}, conditional {mean:G6} (z = {z:F2})");
        double sampleVariance = draws.Select(v => (v - mean) * (v - mean)).Average();
        double zv = (sampleVariance - variance) / BatchSe(v => (v - mean) * (v - mean));
        Assert.True(Math.Abs(zv) < 4, $"variance {sampleVariance:G6}, conditional {variance:G6} (z = {zv:F2})");
        // A chain of a wrong kernel can wander so far that its own batch means hide it: its variance must also be the
        // conditional's to within a fifth (4000 nearly independent draws give it to about 2%).
        Assert.InRange(sampleVariance / variance, 0.8, 1.25);
    }
}
