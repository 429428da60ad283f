// DrawFromPrior draws hyperparameters from their priors and group-level effects from their distribution.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class PriorDrawTests
{
    [Fact]
    public void DrawsHaveThePriorMoments()
    {
        var rng = new RandomStream(31);
        var frame = ModelBuilder.Random(rng, 30, 2, true, [new TermSpec("g", 3, 3)], new StudentIdentity());
        var model = GlmmModel.Create(frame, new StudentIdentity(),
        [
            PriorSpec.Parse("b ~ normal(1, 2)"),
            PriorSpec.Parse("Intercept ~ student_t(5, -2, 1)"),
            PriorSpec.Parse("sd ~ exponential(2)"),
            PriorSpec.Parse("sd_g__w1 ~ normal(0, 1)"),
            PriorSpec.Parse("cor ~ lkj(2)"),
            PriorSpec.Parse("sigma ~ gamma(3, 2)"),
        ]);
        var names = model.OutputNames.ToList();
        const int n = 20000;
        var o = new double[names.Count];
        var sum = new double[names.Count];
        var sumSq = new double[names.Count];
        // The Intercept prior applies to the intercept of the centred predictors, b_Intercept + Σ_j mean(x_j) b_j (brms).
        var means = Enumerable.Range(1, frame.Fixed.X.Columns - 1).Select(j => frame.Fixed.X.Column(j).ToArray().Average()).ToArray();
        double centredSum = 0, reportedSum = 0;
        var draws = new RandomStream(5, 1);
        for (int d = 0; d < n; d++)
        {
            model.DrawFromPrior(draws, o);
            for (int i = 0; i < o.Length; i++) { sum[i] += o[i]; sumSq[i] += o[i] * o[i]; }
            Assert.True(double.IsFinite(model.LogPrior(o)));
            double centred = o[names.IndexOf("b_Intercept")];
            for (int j = 0; j < means.Length; j++) centred += means[j] * o[names.IndexOf("b_x" + (j + 1))];
            centredSum += centred;
            reportedSum += o[names.IndexOf("b_Intercept")];
        }
        Assert.True(Math.Abs(centredSum / n + 2) < 4.5 * Math.Sqrt(5.0 / 3 / n), $"centred intercept: mean {centredSum / n}, expected -2");
        double reportedMean = -2 - means.Sum(), reportedVariance = 5.0 / 3 + 4 * means.Sum(m => m * m);
        Assert.True(Math.Abs(reportedSum / n - reportedMean) < 4.5 * Math.Sqrt(reportedVariance / n), $"b_Intercept: mean {reportedSum / n}, expected {reportedMean}");
        void Moments(string name, double mean, double variance)
        {
            int i = names.IndexOf(name);
            double m = sum[i] / n;
            Assert.True(Math.Abs(m - mean) < 4.5 * Math.Sqrt(variance / n), $"{name}: mean {m}, expected {mean}");
        }
        Moments("b_x1", 1, 4);
        Moments("sd_g__Intercept", 0.5, 0.25);
        Moments("sd_g__w1", Math.Sqrt(2 / Math.PI), 1 - 2 / Math.PI);
        Moments("cor_g__Intercept__w2", 0, 1.0 / 6);
        Moments("sigma", 1.5, 0.75);
        // nu ~ gamma(2, 0.1) truncated below at 1: E = (α/β) Q(α+1, β) / Q(α, β).
        double q2 = SpecialFunctions.GammaUpperRegularized(2, 0.1), q3 = SpecialFunctions.GammaUpperRegularized(3, 0.1);
        double nuMean = 20 * q3 / q2;
        double nuSecond = 600 * SpecialFunctions.GammaUpperRegularized(4, 0.1) / q2;
        Moments("nu", nuMean, nuSecond - nuMean * nuMean);
        // r_g[., Intercept] = sd z: mean 0, variance E sd² = 2 / λ² = 0.5; r for w1: variance E sd² = 1.
        Moments("r_g[L1,Intercept]", 0, 0.5);
        Moments("r_g[L2,w1]", 0, 1);
        int r = names.IndexOf("r_g[L3,w1]");
        Assert.True(Math.Abs(sumSq[r] / n - 1) < 0.1, $"E r² = {sumSq[r] / n}");
    }

    [Fact]
    public void ReplicatesComeFromTheFamilyInFrameOrder()
    {
        var rng = new RandomStream(3);
        var frame = ModelBuilder.Random(rng, 60, 2, true, [new TermSpec("g", 5, 1)], new GaussianIdentity());
        frame = DensityTests.Shuffle(frame, Enumerable.Range(0, 60).OrderBy(_ => rng.Next()).ToArray());
        var model = GlmmModel.Create(frame, new GaussianIdentity(), [], new GlmmOptions { MinimumSegmentLength = 2 });
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(ModelBuilder.RandomPosition(model, rng), o, rng);
        var names = model.OutputNames.ToList();
        o[names.IndexOf("sigma")] = 1e-9;
        var eta = new double[60];
        model.LinearPredictor(o, eta);
        var replicate = new double[60];
        model.ReplicateResponse(o, new RandomStream(2), replicate);
        for (int i = 0; i < 60; i++) Assert.Equal(eta[i], replicate[i], 1e-6);
    }
}
