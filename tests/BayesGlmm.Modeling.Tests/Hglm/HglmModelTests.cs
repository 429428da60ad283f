// The conjugate HGLM as a model: names, priors, route choice, what it refuses, prior draws and a new response.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Hglm;

public sealed class HglmModelTests
{
    [Fact]
    public void NamesFollowBrmsWithLambdaAndU()
    {
        var rng = new RandomStream(1);
        var pumps = GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 6, 3, 1, true, true), HglmFrames.Family(ConjugatePair.PoissonGamma), []);
        Assert.Equal(["b_Intercept", "lambda_g", "u_g[1]", "u_g[2]", "u_g[3]", "r_g[1,Intercept]", "r_g[2,Intercept]", "r_g[3,Intercept]"], pumps.OutputNames);
        Assert.Equal(2, pumps.Dimension); // b and ρ: u is integrated out
        var gamma = GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.GammaInverseGamma, 6, 2, 2, true, false), HglmFrames.Family(ConjugatePair.GammaInverseGamma), [],
            new GlmmOptions { JointConjugateEffects = true });
        Assert.Equal(["b_Intercept", "b_x1", "lambda_g", "shape", "u_g[1]", "u_g[2]", "r_g[1,Intercept]", "r_g[2,Intercept]"], gamma.OutputNames);
        Assert.Equal(6, gamma.Dimension); // b (2), log shape, ρ, z (2)
    }

    [Fact]
    public void PumpsNamesAreTheReferenceNamesInOrder()
    {
        var frame = ModelFrameBuilder.Build(DataTable.ReadCsv(Data.TestFiles.DataSet("pumps.csv")),
            Formula.Parse("failures ~ 1 + offset(log(time)) + (1 | gr(pump, dist = \"gamma\"))"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [PriorSpec.Parse("Intercept ~ normal(0, 5)")]);
        var reference = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", "names", "pumps.txt")).Where(l => l.Length > 0);
        Assert.Equal(reference, model.OutputNames);
    }

    [Fact]
    public void PriorsOfLambdaAndTheirDefault()
    {
        var rng = new RandomStream(2);
        var frame = HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 6, 3, 2, true, false);
        var family = HglmFrames.Family(ConjugatePair.PoissonGamma);
        var model = GlmmModel.Create(frame, family, [PriorSpec.Parse("b ~ normal(0, 1)")]);
        Assert.Equal(["Intercept", "b_x1", "lambda_g"], model.PriorsUsed.Select(p => p.Parameter));
        Assert.Contains(new PriorUse("lambda_g", "exponential(1)", true), model.PriorsUsed);
        Assert.Contains(new PriorUse("lambda_g", "gamma(2, 1)", false),
            GlmmModel.Create(frame, family, [PriorSpec.Parse("lambda ~ exponential(3)"), PriorSpec.Parse("lambda_g ~ gamma(2, 1)")]).PriorsUsed);
        Assert.Contains(new PriorUse("lambda_g", "exponential(3)", false), GlmmModel.Create(frame, family, [PriorSpec.Parse("lambda ~ exponential(3)")]).PriorsUsed);
        foreach (string bad in new[] { "sd ~ exponential(1)", "sd_g ~ exponential(1)", "df ~ gamma(2, 0.1)", "lambda_h ~ exponential(1)", "sigma ~ exponential(1)" })
            Assert.Throws<InputException>(() => GlmmModel.Create(frame, family, [PriorSpec.Parse(bad)]));
        Assert.Throws<InputException>(() => GlmmModel.Create(frame, family, [PriorSpec.Parse("lambda ~ normal(0, 1)"), PriorSpec.Parse("lambda ~ exponential(1)")]));
        // LogPrior is the sum of the priors of b and λ (λ's half-normal doubles the density); the intercept's applies to the
        // centred intercept b_Intercept + mean(x1) b_x1 (brms), or without centring to b_Intercept itself.
        PriorSpec[] normals = [PriorSpec.Parse("b ~ normal(0, 1)"), PriorSpec.Parse("Intercept ~ normal(0, 1)"), PriorSpec.Parse("lambda ~ normal(0, 1)")];
        var withNormal = GlmmModel.Create(frame, family, normals);
        var o = new double[withNormal.OutputNames.Count];
        o[0] = 0.3; o[1] = -0.2; o[2] = 0.7;
        double normal(double x) => -0.5 * x * x - 0.5 * Math.Log(2 * Math.PI);
        double mean = frame.Fixed.X.Column(1).ToArray().Average();
        Assert.Equal(normal(0.3 - 0.2 * mean) + normal(-0.2) + normal(0.7) + Math.Log(2), withNormal.LogPrior(o), 1e-12);
        var uncentred = GlmmModel.Create(frame, family, normals, new GlmmOptions { Center = false });
        Assert.Equal(normal(0.3) + normal(-0.2) + normal(0.7) + Math.Log(2), uncentred.LogPrior(o), 1e-12);
        Assert.Equal(["b_Intercept", "b_x1", "lambda_g"], uncentred.PriorsUsed.Select(p => p.Parameter));
    }

    [Fact]
    public void RouteFollowsTheClosedFormConditions()
    {
        var rng = new RandomStream(3);
        var beta = HglmFrames.Family(ConjugatePair.BinomialBeta);
        Assert.True(GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.BinomialBeta, 10, 4, 0, false, false), beta, []).Conjugate().IsIntegrated);
        var withIntercept = GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.BinomialBeta, 10, 4, 1, true, false), beta, []);
        Assert.False(withIntercept.Conjugate().IsIntegrated);
        Assert.Null(withIntercept.ClusterLikelihood);
        Assert.True(GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 10, 4, 3, true, true), HglmFrames.Family(ConjugatePair.PoissonGamma), []).Conjugate().IsIntegrated);
        Assert.True(GlmmModel.Create(HglmFrames.Random(rng, ConjugatePair.GammaInverseGamma, 10, 4, 2, true, true), HglmFrames.Family(ConjugatePair.GammaInverseGamma), []).Conjugate().IsIntegrated);
    }

    [Fact]
    public void RefusesWhatItDoesNotSupportWithAClearError()
    {
        var rng = new RandomStream(4);
        var frame = HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 12, 3, 1, true, false);
        string Message(Action a) => Assert.Throws<InputException>(a).Message;
        Assert.Contains("poisson", Message(() => GlmmModel.Create(frame, FamilySpec.Parse("negbinomial"), [])));
        Assert.Contains("gamma(log)", Message(() => GlmmModel.Create(frame with { Groups = [frame.Groups[0] with { Distribution = RandomEffectDistribution.InverseGamma }] },
            FamilySpec.Parse("lognormal"), [])));
        Assert.Contains("logit", Message(() => GlmmModel.Create(frame with { Groups = [frame.Groups[0] with { Distribution = RandomEffectDistribution.Beta }] },
            FamilySpec.Parse("binomial(probit)"), [])));
        var slope = frame.Groups[0] with { CoefficientNames = ["Intercept", "x1"], Z = new ColumnMajorMatrix(12, 2, Enumerable.Repeat(1.0, 24).ToArray()) };
        Assert.Contains("random intercepts only", Message(() => GlmmModel.Create(frame with { Groups = [slope] }, HglmFrames.Family(ConjugatePair.PoissonGamma), [])));
        var second = frame.Groups[0] with { Group = "h", Distribution = RandomEffectDistribution.Normal };
        Assert.Contains("no other group-level term", Message(() => GlmmModel.Create(frame with { Groups = [frame.Groups[0], second] }, HglmFrames.Family(ConjugatePair.PoissonGamma), [])));
    }

    [Theory]
    [InlineData(ConjugatePair.PoissonGamma, 0.6, 1.0, 0.6)]
    [InlineData(ConjugatePair.GammaInverseGamma, 0.3, 1.0, 0.3 / 0.7)]
    [InlineData(ConjugatePair.BinomialBeta, 0.5, 0.5, 0.5 / (4 * 1.5))]
    [InlineData(ConjugatePair.GammaInverseGammaReciprocal, 0.3, 1.0, 0.3 / 0.7)]
    public void PriorDrawsOfUHaveTheirMeanAndVariance(ConjugatePair pair, double lambda, double mean, double variance)
    {
        var rng = new RandomStream(5);
        var frame = HglmFrames.Random(rng, pair, 8, 8, pair == ConjugatePair.BinomialBeta ? 0 : 1, true, false);
        var model = GlmmModel.Create(frame, HglmFrames.Family(pair), [PriorSpec.Parse($"lambda ~ uniform({lambda - 1e-9}, {lambda + 1e-9})")]);
        var s = model.Conjugate();
        var o = new double[model.OutputNames.Count];
        double sum = 0, sumSq = 0;
        const int draws = 20000;
        for (int d = 0; d < draws; d++)
        {
            model.DrawFromPrior(rng, o);
            for (int j = 0; j < 8; j++)
            {
                double u = o[s.UOutput + j];
                Assert.Equal(ConjugateEffectLaw.ToU(pair, o[s.ROutput + j]), u, 1e-12);
                sum += u; sumSq += u * u;
            }
        }
        int m = 8 * draws;
        double mu = sum / m, v = sumSq / m - mu * mu;
        Assert.True(Math.Abs(mu - mean) < 4.5 * Math.Sqrt(variance / m), $"mean {mu} vs {mean}");
        Assert.Equal(variance, v, 0.1 * variance);
    }

    [Fact]
    public void WithResponseRefitsTheSameDesign()
    {
        var rng = new RandomStream(6);
        var frame = HglmFrames.Random(rng, ConjugatePair.PoissonGamma, 15, 4, 2, true, true);
        var model = GlmmModel.Create(frame, HglmFrames.Family(ConjugatePair.PoissonGamma), []);
        var o = new double[model.OutputNames.Count];
        model.DrawFromPrior(rng, o);
        for (int j = 0; j < 2; j++) o[j] = 0.1;
        var y = new double[15];
        model.ReplicateResponse(o, rng, y);
        var other = (GlmmModel)model.WithResponse(y);
        Assert.Equal(model.OutputNames, other.OutputNames);
        Assert.Equal(y, other.Frame.Response.Values);
        // The integrated route's cluster data follow the new response: the same likelihood as a model built on it (the priors stay the model's).
        var fresh = GlmmModel.Create(frame.WithResponse(y), HglmFrames.Family(ConjugatePair.PoissonGamma), []);
        var x = HglmFrames.RandomPosition(fresh, rng);
        Assert.Equal(fresh.EvaluateParts(x).LogLikelihood, other.EvaluateParts(x).LogLikelihood);
        Assert.Equal(model.EvaluateParts(x).LogPrior, other.EvaluateParts(x).LogPrior);
        Assert.True(other.Conjugate().IsIntegrated);
    }
}
