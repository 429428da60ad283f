// Student-t group-level effects (brms's gr(g, dist = "student")): gradient, names, density and prior draws.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class StudentEffectsTests
{
    private static readonly TestFamily[] Families = [new GaussianIdentity(), new PoissonLog(), new BinomialLogit(), new StudentIdentity()];

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        NumericalCheck.ForSeeds(40, seed =>
        {
            var rng = new RandomStream((ulong)seed, 31);
            var family = Families[rng.Next(Families.Length)];
            int k = 1 + rng.Next(3);
            var terms = new List<TermSpec> { new("g", 2 + rng.Next(6), k, rng.Next(2) == 0, Student: true) };
            if (rng.Next(2) == 0) terms.Add(new TermSpec("h", 2 + rng.Next(4), 1));
            var frame = ModelBuilder.Random(rng, 10 + rng.Next(40), 1 + rng.Next(3), true, terms, family, offset: rng.Next(2) == 0);
            var priors = rng.Next(2) == 0 ? new List<PriorSpec>() : [PriorSpec.Parse("df ~ exponential(0.2)")];
            var model = GlmmModel.Create(frame, family, priors, new GlmmOptions { MinimumSegmentLength = 2 });
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng));
        });
    }

    [Fact]
    public void NamesAndDefaultPrior()
    {
        var rng = new RandomStream(2);
        var frame = ModelBuilder.Random(rng, 30, 1, true, [new TermSpec("g", 3, 2, Student: true), new TermSpec("a", 2, 1)], new GaussianIdentity());
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        Assert.Equal(
        [
            "b_Intercept", "sd_a__Intercept", "sd_g__Intercept", "sd_g__w1", "cor_g__Intercept__w1", "df_g", "sigma",
            "r_a[L1,Intercept]", "r_a[L2,Intercept]",
            "r_g[L1,Intercept]", "r_g[L2,Intercept]", "r_g[L3,Intercept]", "r_g[L1,w1]", "r_g[L2,w1]", "r_g[L3,w1]",
        ], model.OutputNames);
        Assert.Contains(new PriorUse("df_g", "gamma(2, 0.1)", true), model.PriorsUsed);
        var custom = GlmmModel.Create(frame, new GaussianIdentity(), [PriorSpec.Parse("df_g ~ gamma(3, 0.2)")]);
        Assert.Contains(new PriorUse("df_g", "gamma(3, 0.2)", false), custom.PriorsUsed);
        Assert.Throws<InputException>(() => GlmmModel.Create(frame, new GaussianIdentity(), [PriorSpec.Parse("df_a ~ gamma(3, 0.2)")]));
    }

    /// <summary>The density in (ζ, w) written out from HGLM_NOTES §4 for one random intercept, against the model.</summary>
    [Fact]
    public void DensityMatchesTheScaleMixtureWrittenOut()
    {
        var rng = new RandomStream(5);
        var frame = ModelBuilder.Random(rng, 20, 1, true, [new TermSpec("g", 4, 1, Student: true)], new PoissonLog());
        var model = GlmmModel.Create(frame, new PoissonLog(),
            [PriorSpec.Parse("Intercept ~ normal(0, 2)"), PriorSpec.Parse("sd ~ exponential(1)")], new GlmmOptions { CenterPredictors = false });
        var x = ModelBuilder.RandomPosition(model, rng);
        // Layout: b0, log sd, ζ, w (4), z (4).
        double b0 = x[0], sd = Math.Exp(x[1]), df = 1 + Math.Exp(x[2]);
        double expected = -0.5 * b0 * b0 / 4 - Math.Log(2) - 0.5 * Math.Log(2 * Math.PI);
        expected += -sd + x[1];
        expected += Math.Log(0.01) + Math.Log(df) - 0.1 * df - Math.Log(SpecialFunctions.GammaUpperRegularized(2, 0.1)) + x[2];
        var r = new double[4];
        for (int j = 0; j < 4; j++)
        {
            double w = x[3 + j], z = x[7 + j];
            expected += -0.5 * z * z - 0.5 * Math.Log(2 * Math.PI);
            expected += -0.5 * df * Math.Log(2) - SpecialFunctions.GammaLn(0.5 * df) - 0.5 * df * w - 0.5 * Math.Exp(-w);
            r[j] = sd * z * Math.Sqrt(df * Math.Exp(w));
        }
        var term = frame.Groups[0];
        for (int n = 0; n < frame.ObservationCount; n++)
        {
            double eta = b0 + r[term.LevelOfObservation[n]];
            double y = frame.Response.Values[n];
            expected += y * eta - Math.Exp(eta) - SpecialFunctions.GammaLn(y + 1);
        }
        Assert.Equal(expected, model.Evaluate(x, new double[model.Dimension]), 1e-9);
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(x, o, rng);
        Assert.Equal(df, o[model.OutputNames.ToList().IndexOf("df_g")], 1e-12);
        for (int j = 0; j < 4; j++) Assert.Equal(r[j], o[model.OutputNames.ToList().IndexOf($"r_g[L{j + 1},Intercept]")], 1e-12);
        var parts = model.EvaluateParts(x);
        Assert.Equal(model.LogPrior(o), parts.LogPrior, 1e-10);
    }

    [Fact]
    public void PriorDrawsOfEffectsAreStudentT()
    {
        // With df ~ uniform(5, 6) and sd fixed near 1, r / sd is t_df: E (r/sd)² = E df / (df − 2) = 1 + 2 log(4/3).
        var rng = new RandomStream(6);
        var frame = ModelBuilder.Random(rng, 30, 1, true, [new TermSpec("g", 5, 1, Student: true)], new GaussianIdentity());
        var model = GlmmModel.Create(frame, new GaussianIdentity(), [PriorSpec.Parse("df ~ uniform(5, 6)")]);
        var names = model.OutputNames.ToList();
        int sdIndex = names.IndexOf("sd_g__Intercept"), dfIndex = names.IndexOf("df_g");
        var o = new double[names.Count];
        const int n = 40000;
        double sum = 0, sumSq = 0, dfSum = 0;
        for (int d = 0; d < n; d++)
        {
            model.DrawFromPrior(rng, o);
            dfSum += o[dfIndex];
            for (int j = 1; j <= 5; j++)
            {
                double t = o[names.IndexOf($"r_g[L{j},Intercept]")] / o[sdIndex];
                sum += t; sumSq += t * t;
            }
        }
        int m = 5 * n;
        double expected = 1 + 2 * Math.Log(4.0 / 3.0);
        Assert.Equal(5.5, dfSum / n, 0.02);
        Assert.True(Math.Abs(sum / m) < 4.5 * Math.Sqrt(expected / m));
        // Var(t²) for t_5 is 3·25/(3·1) − (5/3)² ≈ 22.2: the standard error of the mean of t² over m draws (levels share df).
        Assert.True(Math.Abs(sumSq / m - expected) < 4.5 * Math.Sqrt(25.0 / n), $"E t² = {sumSq / m}, expected {expected}");
    }
}
