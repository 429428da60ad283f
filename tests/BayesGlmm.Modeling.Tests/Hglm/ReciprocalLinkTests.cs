// Inverse-gamma effects with the gamma family's reciprocal link: the joint route's gradient, the law of t = log(1/u), outputs and a NUTS recovery.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Hglm;

public sealed class ReciprocalLinkTests
{
    private const ConjugatePair Pair = ConjugatePair.GammaInverseGammaReciprocal;

    /// <summary>
    /// A random position whose every predictor 1/μ is positive: coefficients in (0.05, 1) on the positive design of
    /// <see cref="HglmFrames.Random"/>, the reported intercept in (0.3, 1.5) whatever the centring, log shape and ρ random, z normal.
    /// </summary>
    private static double[] PositivePosition(GlmmModel model, RandomStream rng, double rhoShift)
    {
        var s = model.Structure;
        var x = HglmFrames.RandomPosition(model, rng, 1.0, rhoShift);
        for (int j = 0; j < s.FixedCount; j++) x[j] = rng.NextUniform(0.05, 1.0);
        if (s.InterceptColumn >= 0)
        {
            double shift = 0;
            for (int j = 0; j < s.FixedCount; j++) if (j != s.InterceptColumn) shift += s.Fixed.ColumnMeans[j] * x[j];
            x[s.InterceptColumn] = rng.NextUniform(0.3, 1.5) + shift;
        }
        return x;
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        NumericalCheck.ForSeeds(40, seed =>
        {
            var rng = new RandomStream((ulong)seed, 57);
            int p = rng.Next(4);
            var frame = HglmFrames.Random(rng, Pair, 5 + rng.Next(30), 1 + rng.Next(6), p, p > 0 && rng.Next(3) > 0, rng.Next(2) == 0);
            var priors = rng.Next(2) == 0 ? new List<PriorSpec>() : [PriorSpec.Parse("lambda ~ gamma(2, 1)")];
            var model = GlmmModel.Create(frame, HglmFrames.Family(Pair), priors,
                new GlmmOptions { JointConjugateEffects = rng.Next(2) == 0, CenterPredictors = rng.Next(2) == 0 });
            Assert.False(model.Conjugate().IsIntegrated);
            NumericalCheck.AssertGradient(model.Create(), PositivePosition(model, rng, rng.NextUniform(-2.5, 1.5)), 5e-6);
        });
    }

    [Fact]
    public void LawOfLogWIsTheGammaLawWithMeanOfUOne()
    {
        foreach (double lambda in new[] { 0.02, 0.4, 3.0 })
        {
            var law = new ConjugateEffectLaw(Pair, Math.Log(lambda));
            double a = 1 + 1 / lambda, b = 1 / lambda;
            // w = e^t ~ Gamma(shape a, rate b), Jacobian e^t.
            foreach (double t in new[] { -2.5, -0.3, 0.0, 0.7, 2.0 })
                Assert.Equal(a * Math.Log(b) - SpecialFunctions.GammaLn(a) + (a - 1) * t - b * Math.Exp(t) + t, law.LogDensity(t, out _, out _), 1e-10);
            // E log w = ψ(a) − log b, var log w = ψ1(a); E u = E 1/w = b/(a − 1) = 1, E w = a/b = 1 + λ (trapezoid in z).
            Assert.Equal(SpecialFunctions.DiGamma(a) - Math.Log(b), law.Location, 1e-12);
            Assert.Equal(Math.Sqrt(SpecialFunctions.DiGamma(a + 1e-5) - SpecialFunctions.DiGamma(a - 1e-5)) / Math.Sqrt(2e-5), law.Scale, 1e-5);
            double h = 1e-3, mass = 0, meanU = 0, meanW = 0;
            for (double z = -40; z <= 15; z += h)
            {
                double t = law.Location + law.Scale * z;
                double d = Math.Exp(law.LogDensity(t, out _, out _)) * law.Scale * h;
                double u = 1 / ConjugateEffectLaw.ToLinkScale(Pair, t);
                mass += d; meanU += d * u; meanW += d / u;
            }
            Assert.Equal(1.0, mass, 1e-6);
            Assert.Equal(1.0, meanU, 1e-6);
            Assert.Equal(1 + lambda, meanW, 1e-6);
        }
    }

    [Fact]
    public void AlwaysJointWithOutputsAndLikelihoodsOnTheirScales()
    {
        var rng = new RandomStream(91);
        var frame = HglmFrames.Random(rng, Pair, 20, 5, 2, true, false);
        var model = GlmmModel.Create(frame, FamilySpec.Parse("gamma(inverse)"), [PriorSpec.Parse("lambda_g ~ lognormal(0, 1)")]);
        Assert.Equal(Pair, model.Conjugate().Pair);
        Assert.False(model.Conjugate().IsIntegrated);
        Assert.Null(model.ClusterLikelihood);
        var s = model.Structure;
        var c = (ConjugateJointEffects)model.Conjugate();
        var x = PositivePosition(model, rng, 0.0);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs, rng);
        var law = new ConjugateEffectLaw(Pair, x[c.RhoOffset]);
        for (int j = 0; j < c.LevelCount; j++)
        {
            double w = Math.Exp(law.Location + law.Scale * x[c.ZOffset + j]);
            Assert.Equal(w, outputs[c.ROutput + j], 1e-12);
            Assert.Equal(1 / w, outputs[c.UOutput + j], 1e-12);
        }
        var parts = model.EvaluateParts(x);
        Assert.Equal(model.LogPrior(outputs), parts.LogPrior, 1e-10);
        var pointwise = new double[frame.ObservationCount];
        model.PointwiseLogLikelihood(outputs, pointwise);
        Assert.Equal(pointwise.Sum(), parts.LogLikelihood, 1e-9);
        // By hand: y ~ Gamma(shape ν, rate ν/μ), μ = 1/(x'b + w).
        double shape = outputs[s.FamilyOutput], eta0 = outputs[0] + outputs[1] * frame.Fixed.X[0, 1] + outputs[c.ROutput + frame.Groups[0].LevelOfObservation[0]];
        double y0 = frame.Response.Values[0];
        Assert.Equal(shape * Math.Log(shape * eta0) - SpecialFunctions.GammaLn(shape) + (shape - 1) * Math.Log(y0) - shape * eta0 * y0, pointwise[0], 1e-10);
        var replicate = new double[frame.ObservationCount];
        model.ReplicateResponse(outputs, rng, replicate);
        Assert.All(replicate, r => Assert.True(r > 0));
        Assert.Throws<InvalidOperationException>(() => model.ClusterLogLikelihood(outputs, new double[c.LevelCount]));
        // A predictor ≤ 0 is outside the model: the density is −∞ (a divergent proposal for NUTS).
        x[s.InterceptColumn] = -50;
        Assert.Equal(double.NegativeInfinity, model.Evaluate(x, new double[model.Dimension]));
    }

    [Fact]
    public void NutsRecoversCoefficientsAndLambda()
    {
        // 40 clusters of 8, 1/μ = 0.8 + 0.5 x + w, x ~ U(0, 2), w ~ Gamma(1 + 1/λ, rate 1/λ), λ = 0.4, shape 5.
        double[] b = [0.8, 0.5];
        const double lambda = 0.4, shape = 5.0;
        var rng = new RandomStream(2026, 71);
        var frame = HglmFrames.Random(rng, Pair, 320, 40, 2, true, false, lambda, b);
        var law = new ConjugateEffectLaw(Pair, Math.Log(lambda));
        var w = Enumerable.Range(0, 40).Select(_ => ConjugateEffectLaw.ToLinkScale(Pair, law.Draw(rng))).ToArray();
        var xs = frame.Fixed.X;
        var y = new double[320];
        for (int i = 0; i < 320; i++)
        {
            xs[i, 1] = rng.NextUniform(0, 2);
            y[i] = rng.NextGamma(shape) / shape / (b[0] + b[1] * xs[i, 1] + w[frame.Groups[0].LevelOfObservation[i]]);
        }
        frame = frame.WithResponse(y);
        var model = GlmmModel.Create(frame, HglmFrames.Family(Pair), []);
        var result = NutsSampler.Run(model, new SamplerOptions { Seed = 5, Chains = 4, Warmup = 400, Draws = 400 });
        var names = model.OutputNames;
        var columns = names.Select(_ => new List<double>()).ToArray();
        var outputs = new double[names.Count];
        var outputRng = new RandomStream(5, 99);
        int divergences = 0;
        foreach (var chain in result.Chains)
            for (int k = 0; k < chain.CompletedDraws; k++)
            {
                model.WriteOutputs(chain.Draws.AsSpan(k * model.Dimension, model.Dimension), outputs, outputRng);
                for (int i = 0; i < names.Count; i++) columns[i].Add(outputs[i]);
                if (chain.Statistics[k].Divergent) divergences++;
            }
        Assert.True(divergences <= 16, $"{divergences} divergences in 1600 draws");
        // Posterior mean within 3 posterior sds of the truth (a two-sided 0.3% miss per parameter for a near-normal posterior).
        foreach (var (name, truth) in new[] { ("b_Intercept", b[0]), ("b_x1", b[1]), ("lambda_g", lambda), ("shape", shape) })
        {
            var draws = columns[names.ToList().IndexOf(name)];
            double mean = draws.Average(), sd = Math.Sqrt(draws.Sum(v => (v - mean) * (v - mean)) / (draws.Count - 1));
            Assert.True(Math.Abs(mean - truth) <= 3 * sd, $"{name}: posterior mean {mean:F3} (sd {sd:F3}), truth {truth}");
        }
    }
}
