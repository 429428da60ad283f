// The conjugate HGLM density: gradients against finite differences, the closed-form marginals against quadrature, the law of v.
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Hglm;

public sealed class HglmDensityTests
{
    [Fact]
    public void GradientMatchesFiniteDifferencesOnBothRoutes()
    {
        NumericalCheck.ForSeeds(60, seed =>
        {
            var rng = new RandomStream((ulong)seed, 51);
            var pair = HglmFrames.Pairs[rng.Next(3)];
            bool joint = rng.Next(2) == 0;
            bool bare = pair == ConjugatePair.BinomialBeta && !joint; // the marginal beta route has nothing else in the predictor
            int p = bare ? 0 : rng.Next(4);
            var frame = HglmFrames.Random(rng, pair, 5 + rng.Next(30), 1 + rng.Next(6), p, p > 0 && rng.Next(3) > 0, !bare && rng.Next(2) == 0,
                bernoulli: rng.Next(3) == 0);
            var priors = rng.Next(2) == 0 ? new List<PriorSpec>() : [PriorSpec.Parse("lambda ~ gamma(2, 1)")];
            var model = GlmmModel.Create(frame, HglmFrames.Family(pair, frame.Response.Trials is null), priors,
                new GlmmOptions { JointConjugateEffects = joint, CenterPredictors = rng.Next(2) == 0 });
            Assert.Equal(!joint, model.Conjugate().IsIntegrated);
            NumericalCheck.AssertGradient(model.Create(), HglmFrames.RandomPosition(model, rng, 1.0, rhoShift: rng.NextUniform(-2.5, 1.5)), 5e-6);
        });
    }

    [Theory]
    [InlineData(ConjugatePair.PoissonGamma, 0.05)]
    [InlineData(ConjugatePair.PoissonGamma, 1.7)]
    [InlineData(ConjugatePair.PoissonGamma, 30.0)]
    [InlineData(ConjugatePair.GammaInverseGamma, 0.05)]
    [InlineData(ConjugatePair.GammaInverseGamma, 0.6)]
    [InlineData(ConjugatePair.GammaInverseGamma, 4.0)]
    [InlineData(ConjugatePair.BinomialBeta, 0.05)]
    [InlineData(ConjugatePair.BinomialBeta, 1.0)]
    [InlineData(ConjugatePair.BinomialBeta, 20.0)]
    [InlineData(ConjugatePair.GammaInverseGammaReciprocal, 0.05)]
    [InlineData(ConjugatePair.GammaInverseGammaReciprocal, 0.6)]
    [InlineData(ConjugatePair.GammaInverseGammaReciprocal, 4.0)]
    public void LawOfVIntegratesToOneWithItsMeanAndVariance(ConjugatePair pair, double lambda)
    {
        var law = new ConjugateEffectLaw(pair, Math.Log(lambda));
        // Quadrature in z = (v − m)/s with the Jacobian s: trapezoid on a wide grid (the tails decay at least exponentially in v).
        double lo = -60, hi = 25, h = 1e-3, mass = 0, mean = 0, second = 0;
        for (double z = lo; z <= hi; z += h)
        {
            double v = law.Location + law.Scale * z;
            double d = Math.Exp(law.LogDensity(v, out _, out _)) * law.Scale * h;
            mass += d; mean += d * z; second += d * z * z;
        }
        Assert.Equal(1.0, mass, 1e-6);
        Assert.Equal(0.0, mean, 1e-6);
        Assert.Equal(1.0, second, 1e-5);
    }

    [Fact]
    public void LawOfVMatchesTheTextbookDensities()
    {
        foreach (double lambda in new[] { 0.02, 0.4, 3.0 })
        {
            foreach (double v in new[] { -2.5, -0.3, 0.0, 0.7, 2.0 })
            {
                double u = Math.Exp(v), alpha = 1 / lambda;
                // gamma(shape α, rate α) of u = e^v, Jacobian e^v.
                double gamma = alpha * Math.Log(alpha) - SpecialFunctions.GammaLn(alpha) + (alpha - 1) * v - alpha * u + v;
                Assert.Equal(gamma, new ConjugateEffectLaw(ConjugatePair.PoissonGamma, Math.Log(lambda)).LogDensity(v, out _, out _), 1e-10);
                // inverse-gamma(shape 1 + 1/λ, scale 1/λ) of u = e^v: ∝ u^(−a−1) e^(−b/u), Jacobian e^v.
                double a = 1 + alpha, b = alpha;
                double inverse = a * Math.Log(b) - SpecialFunctions.GammaLn(a) - (a + 1) * v - b / u + v;
                Assert.Equal(inverse, new ConjugateEffectLaw(ConjugatePair.GammaInverseGamma, Math.Log(lambda)).LogDensity(v, out _, out _), 1e-10);
                // beta(α, α), α = 1/(2λ), of u = logistic(v), Jacobian u(1 − u).
                double pr = 1 / (1 + Math.Exp(-v)), ab = 0.5 / lambda;
                double beta = (ab - 1) * Math.Log(pr) + (ab - 1) * Math.Log(1 - pr) - SpecialFunctions.BetaLn(ab, ab) + Math.Log(pr * (1 - pr));
                Assert.Equal(beta, new ConjugateEffectLaw(ConjugatePair.BinomialBeta, Math.Log(lambda)).LogDensity(v, out _, out _), 1e-10);
            }
        }
    }

    [Fact]
    public void ClusterMarginalsMatchQuadratureOverU()
    {
        NumericalCheck.ForSeeds(12, seed =>
        {
            var rng = new RandomStream((ulong)seed, 52);
            var pair = HglmFrames.Pairs[rng.Next(3)];
            bool bare = pair == ConjugatePair.BinomialBeta;
            int p = bare ? 0 : 1 + rng.Next(2);
            double lambda = Math.Exp(rng.NextUniform(-2, 1));
            var frame = HglmFrames.Random(rng, pair, 6 + rng.Next(10), 3, p, true, !bare, lambda: lambda);
            var model = GlmmModel.Create(frame, HglmFrames.Family(pair), []);
            var outputs = new double[model.OutputNames.Count];
            model.DrawFromPrior(rng, outputs);
            for (int j = 0; j < p; j++) outputs[j] = rng.NextUniform(-0.5, 0.5);
            outputs[model.Conjugate().LambdaOutput] = lambda;
            if (pair == ConjugatePair.GammaInverseGamma) outputs[model.Structure.FamilyOutput] = rng.NextUniform(1, 5);
            var cluster = new double[3];
            model.ClusterLogLikelihood(outputs, cluster);
            // log ∫ Π_j p(y_j | eta_j + v) p(v | λ) dv, trapezoid in z, log-sum-exp; the pointwise log-likelihood gives log p(y_j | eta_j + v).
            var law = new ConjugateEffectLaw(pair, Math.Log(lambda));
            var pointwise = new double[frame.ObservationCount];
            var terms = new List<double>[3];
            for (int j = 0; j < 3; j++) terms[j] = [];
            double h = 2e-3;
            for (double z = -40; z <= 20; z += h)
            {
                double v = law.Location + law.Scale * z;
                for (int j = 0; j < 3; j++) outputs[model.Conjugate().ROutput + j] = v;
                model.PointwiseLogLikelihood(outputs, pointwise);
                double prior = law.LogDensity(v, out _, out _) + Math.Log(law.Scale * h);
                for (int j = 0; j < 3; j++)
                {
                    double sum = prior;
                    for (int i = 0; i < frame.ObservationCount; i++) if (frame.Groups[0].LevelOfObservation[i] == j) sum += pointwise[i];
                    if (double.IsFinite(sum)) terms[j].Add(sum);
                }
            }
            for (int j = 0; j < 3; j++)
            {
                double max = terms[j].Max();
                double quadrature = max + Math.Log(terms[j].Sum(t => Math.Exp(t - max)));
                Assert.True(Math.Abs(quadrature - cluster[j]) < 1e-6, $"{pair}, λ {lambda}: cluster {j} closed form {cluster[j]:R}, quadrature {quadrature:R}");
            }
        });
    }

    [Fact]
    public void SmallDispersionTendsToTheModelWithoutEffects()
    {
        // As λ → 0, u → 1 (v → 0 for gamma and inverse-gamma, u → 1/2 for beta) and ℓ_i → Σ_j log p(y_ij | eta_ij).
        foreach (var pair in HglmFrames.Pairs)
        {
            var rng = new RandomStream(60 + (ulong)pair);
            bool bare = pair == ConjugatePair.BinomialBeta;
            var frame = HglmFrames.Random(rng, pair, 12, 3, bare ? 0 : 2, true, !bare);
            var model = GlmmModel.Create(frame, HglmFrames.Family(pair), []);
            var outputs = new double[model.OutputNames.Count];
            model.DrawFromPrior(rng, outputs);
            for (int j = 0; j < model.Structure.FixedCount; j++) outputs[j] = rng.NextUniform(-0.5, 0.5);
            if (pair == ConjugatePair.GammaInverseGamma) outputs[model.Structure.FamilyOutput] = 2.5;
            for (int j = 0; j < 3; j++) outputs[model.Conjugate().ROutput + j] = 0.0;
            var pointwise = new double[12];
            model.PointwiseLogLikelihood(outputs, pointwise);
            var plain = new double[3];
            for (int i = 0; i < 12; i++) plain[frame.Groups[0].LevelOfObservation[i]] += pointwise[i];
            foreach (double lambda in new[] { 1e-8, 1e-12 })
            {
                outputs[model.Conjugate().LambdaOutput] = lambda;
                var cluster = new double[3];
                model.ClusterLogLikelihood(outputs, cluster);
                for (int j = 0; j < 3; j++) Assert.True(Math.Abs(cluster[j] - plain[j]) < 1e-6 * (1 + Math.Abs(plain[j])) + 100 * lambda * (1 + Math.Abs(plain[j])),
                    $"{pair}, λ {lambda}: {cluster[j]:R} vs {plain[j]:R}");
            }
            // The density stays finite and its gradient exact far into the small-λ region.
            var x = HglmFrames.RandomPosition(model, rng, 0.5, rhoShift: -18);
            NumericalCheck.AssertGradient(model.Create(), x, 1e-5);
        }
    }

    [Fact]
    public void ConditionalDrawsHaveTheExactConditionalMean()
    {
        // Poisson–gamma: E[u_i | y, b, λ] = (α + Y_i)/(α + M_i) (HGLM_NOTES §1); the marginal route draws u from it per draw.
        var rng = new RandomStream(71);
        var frame = HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 20, 4, 1, true, true, lambda: 0.8);
        var model = GlmmModel.Create(frame, HglmFrames.Family(ConjugatePair.PoissonGamma), []);
        var s = model.Conjugate();
        var position = new double[model.Dimension];
        position[0] = 0.3;
        position[s.RhoOffset] = Math.Log(0.8);
        var outputs = new double[model.OutputNames.Count];
        var sum = new double[4];
        var sumSq = new double[4];
        const int draws = 20000;
        for (int d = 0; d < draws; d++)
        {
            model.WriteOutputs(position, outputs, rng);
            for (int j = 0; j < 4; j++) { double u = outputs[s.UOutput + j]; sum[j] += u; sumSq[j] += u * u; Assert.Equal(Math.Log(u), outputs[s.ROutput + j], 1e-12); }
        }
        double alpha = 1 / 0.8;
        for (int j = 0; j < 4; j++)
        {
            double m = 0, y = 0;
            for (int i = 0; i < 20; i++)
                if (frame.Groups[0].LevelOfObservation[i] == j) { m += Math.Exp(0.3 + frame.Offset![i]); y += frame.Response.Values[i]; }
            double mean = (alpha + y) / (alpha + m), sd = Math.Sqrt(alpha + y) / (alpha + m);
            Assert.True(Math.Abs(sum[j] / draws - mean) < 4.5 * sd / Math.Sqrt(draws), $"level {j}: {sum[j] / draws} vs {mean}");
            Assert.Equal(sd * sd, sumSq[j] / draws - Math.Pow(sum[j] / draws, 2), 0.05 * sd * sd + 1e-12);
        }
    }

    [Fact]
    public void DensityPartsAndLogPriorAgree()
    {
        foreach (var pair in HglmFrames.Pairs)
            foreach (bool joint in new[] { false, true })
            {
                var rng = new RandomStream(80 + (ulong)pair);
                bool bare = pair == ConjugatePair.BinomialBeta && !joint;
                var frame = HglmFrames.Random(rng, pair, 15, 4, bare ? 0 : 2, true, false);
                var model = GlmmModel.Create(frame, HglmFrames.Family(pair), [PriorSpec.Parse("lambda_g ~ lognormal(0, 1)")], new GlmmOptions { JointConjugateEffects = joint });
                var x = HglmFrames.RandomPosition(model, rng);
                var outputs = new double[model.OutputNames.Count];
                model.WriteOutputs(x, outputs, rng);
                var parts = model.EvaluateParts(x);
                Assert.Equal(model.LogPrior(outputs), parts.LogPrior, 1e-10);
                if (joint)
                {
                    var pointwise = new double[frame.ObservationCount];
                    model.PointwiseLogLikelihood(outputs, pointwise);
                    Assert.Equal(pointwise.Sum(), parts.LogLikelihood, 1e-9);
                }
                else
                {
                    var cluster = new double[4];
                    model.ClusterLogLikelihood(outputs, cluster);
                    Assert.Equal(cluster.Sum(), parts.LogLikelihood, 1e-9);
                }
            }
    }
}
