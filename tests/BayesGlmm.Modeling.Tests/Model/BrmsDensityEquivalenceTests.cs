// The GLMM density against brms's own Stan program for eight schools, and its evaluators' independence of past calls.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Tests.Model;

/// <summary>
/// Pins what the sampler-efficiency investigation (benchmarks glmm-efficiency) established about the density: it is
/// brms's density up to a constant, with the same gradient, far from the mode as well as near it, and an evaluator's
/// result depends on its input only (no scratch state, cached value or observation permutation carried between calls).
/// </summary>
public sealed class BrmsDensityEquivalenceTests
{
    /// <summary>brms 2.18's eight-schools program on [b, log sd, z_1..z_J]: b ~ normal(0, 5), sd ~ half-Cauchy(0, 5), z ~ N(0, 1), y ~ N(b + sd z, se).</summary>
    private static double BrmsEightSchools(double[] y, double[] se, ReadOnlySpan<double> x, Span<double> g)
    {
        double b = x[0], logSd = x[1], sd = Math.Exp(logSd);
        double lp = -0.5 * (b / 5) * (b / 5) - Math.Log(1 + (sd / 5) * (sd / 5)) + logSd;
        g[0] = -b / 25;
        g[1] = -2 * (sd / 5) * (sd / 5) / (1 + (sd / 5) * (sd / 5)) + 1;
        for (int j = 0; j < y.Length; j++)
        {
            double z = x[2 + j], resid = (y[j] - b - sd * z) / se[j];
            lp += -0.5 * z * z - 0.5 * resid * resid;
            double dmu = resid / se[j];
            g[0] += dmu;
            g[1] += dmu * sd * z;
            g[2 + j] = -z + dmu * sd;
        }
        return lp;
    }

    [Fact]
    public void EightSchoolsIsBrmsDensityUpToAConstantFarFromTheMode()
    {
        var model = ReferenceModelTests.Build("eight_schools.csv", "", "y | se(sigma) ~ 0 + Intercept + (1 | school)", "gaussian",
            "b ~ normal(0, 5); sd ~ cauchy(0, 5)");
        double[] y = [28, 8, -3, 7, -1, 1, 18, 12], se = [15, 10, 16, 11, 9, 11, 10, 18];
        var s = model.Structure;
        int d = y.Length + 2;
        Assert.Equal(d, model.Dimension);
        var block = (NormalEffects)s.Blocks[0];
        int[] map = [0, block.LogSdOffset, .. Enumerable.Range(block.ZOffset, y.Length)];
        var evaluator = model.Create();
        var rng = new RandomStream(20261123);
        var x = new double[d];
        var position = new double[d];
        var gBrms = new double[d];
        var gGlmm = new double[d];
        double? constant = null;
        for (int trial = 0; trial < 300; trial++)
        {
            x[0] = rng.NextUniform(-20, 20);
            x[1] = rng.NextUniform(-5, 3);
            for (int j = 2; j < d; j++) x[j] = rng.NextUniform(-3, 3);
            for (int i = 0; i < d; i++) position[map[i]] = x[i];
            double difference = evaluator.Evaluate(position, gGlmm) - BrmsEightSchools(y, se, x, gBrms);
            constant ??= difference;
            Assert.Equal(constant.Value, difference, 1e-9);
            for (int i = 0; i < d; i++)
                Assert.True(Math.Abs(gGlmm[map[i]] - gBrms[i]) <= 1e-12 * (1 + Math.Abs(gBrms[i])), $"coordinate {i}: {gGlmm[map[i]]:R} vs {gBrms[i]:R}");
            if (trial % 30 == 0) NumericalCheck.AssertGradient(evaluator, (double[])position.Clone(), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceModelTests.Models), MemberType = typeof(ReferenceModelTests))]
    public void EvaluatorResultDependsOnItsInputOnly(string name, string file, string factors, string formula, string family, string priors)
    {
        _ = name;
        var model = ReferenceModelTests.Build(file, factors, formula, family, priors);
        var evaluator = model.Create();
        var rng = new RandomStream(7);
        var x = ModelBuilder.RandomPosition(model, rng, 1.5);
        var first = new double[model.Dimension];
        double value = evaluator.Evaluate(x, first);
        var scratch = new double[model.Dimension];
        for (int k = 0; k < 5; k++) evaluator.Evaluate(ModelBuilder.RandomPosition(model, rng, 2.0), scratch);
        var again = new double[model.Dimension];
        Assert.Equal(value, evaluator.Evaluate(x, again));
        Assert.Equal(first, again);
        // A second evaluator (another chain) agrees bit for bit.
        var other = new double[model.Dimension];
        Assert.Equal(value, model.Create().Evaluate(x, other));
        Assert.Equal(first, other);
        NumericalCheck.AssertGradient(evaluator, x, 1e-5);
    }
}
