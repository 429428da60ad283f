// The cumulative family inside the GLMM: cutpoints through the ordered transform, brms names, priors and round trips.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class OrdinalGlmmTests
{
    /// <summary>A frame shaped like ordinal's wine: rating (1..5) ~ temp + contact + (1 | judge), with an intercept column in X.</summary>
    internal static ModelFrame Wine(RandomStream rng, int judges = 9, int perJudge = 8)
    {
        int n = judges * perJudge;
        var x = new ColumnMajorMatrix(n, 3);
        var z = new ColumnMajorMatrix(n, 1);
        var level = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1; x[i, 1] = i % 2; x[i, 2] = (i / 2) % 2;
            z[i, 0] = 1;
            level[i] = i / perJudge;
            y[i] = 1 + rng.Next(5);
        }
        y[0] = 5; y[1] = 1;
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "rating", Values = y },
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = ["Intercept", "tempwarm", "contactyes"], InterceptColumn = 0 },
            Groups = [new GroupTerm { Group = "judge", Levels = Enumerable.Range(1, judges).Select(j => j.ToString()).ToArray(), LevelOfObservation = level, CoefficientNames = ["Intercept"], Z = z }],
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void GradientMatchesFiniteDifferences(string link)
    {
        NumericalCheck.ForSeeds(12, seed =>
        {
            var rng = new RandomStream((ulong)seed, 31);
            var frame = Wine(rng, 2 + rng.Next(6), 3 + rng.Next(6));
            var priors = rng.Next(2) == 0 ? Array.Empty<PriorSpec>() : [PriorSpec.Parse("Intercept ~ normal(0, 5)"), PriorSpec.Parse("b ~ normal(0, 5)")];
            var model = GlmmModel.Create(frame, FamilySpec.Parse($"cumulative({link})"), priors, new GlmmOptions { MinimumSegmentLength = 2, Center = rng.Next(2) == 0 });
            var x = ModelBuilder.RandomPosition(model, rng);
            NumericalCheck.AssertGradient(model.Create(), x, 1e-5);
        });
    }

    [Fact]
    public void WineNamesAndPriorsMatchBrms()
    {
        // The reference model: brms's center = FALSE, priors on the cutpoints as reported.
        var model = GlmmModel.Create(Wine(new RandomStream(1, 32)), FamilySpec.Parse("cumulative(logit)"),
            [PriorSpec.Parse("b ~ normal(0, 5)"), PriorSpec.Parse("Intercept ~ normal(0, 5)")], new GlmmOptions { Center = false });
        Assert.Equal(
        [
            "b_Intercept[1]", "b_Intercept[2]", "b_Intercept[3]", "b_Intercept[4]", "b_tempwarm", "b_contactyes", "sd_judge__Intercept",
            .. Enumerable.Range(1, 9).Select(j => $"r_judge[{j},Intercept]"),
        ], model.OutputNames);
        Assert.Equal(2, model.Frame.Fixed.X.Columns); // no intercept column: the cutpoints play its role
        var uses = model.PriorsUsed;
        Assert.Equal(["b_Intercept[1]", "b_Intercept[2]", "b_Intercept[3]", "b_Intercept[4]", "b_tempwarm", "b_contactyes", "sd_judge__Intercept"],
            uses.Select(u => u.Parameter));
        Assert.All(uses.Take(4), u => Assert.False(u.IsDefault));
        var defaults = GlmmModel.Create(Wine(new RandomStream(1, 32)), FamilySpec.Parse("cumulative(probit)"), []);
        Assert.All(defaults.PriorsUsed.Take(4), u => Assert.Equal(new StudentTPrior(3, 0, 2.5).ToString(), u.Prior));
        // brms's default centring: the same outputs, the prior on the cutpoints of the centred predictors.
        Assert.Equal(model.OutputNames, defaults.OutputNames);
        Assert.Equal(["Intercept[1]", "Intercept[2]", "Intercept[3]", "Intercept[4]", "b_tempwarm", "b_contactyes", "sd_judge__Intercept"],
            defaults.PriorsUsed.Select(u => u.Parameter));
    }

    /// <summary>
    /// With centring the cutpoints' prior applies to τ_k − Σ_j mean(x_j) b_j (brms: b_Intercept = Intercept + dot(means_X, b)):
    /// at one draw, LogPrior equals the prior of the centred cutpoints written out, and the prior draws of the centred cutpoints are ordered.
    /// </summary>
    [Fact]
    public void CentredCutpointsCarryThePrior()
    {
        var rng = new RandomStream(5, 34);
        var frame = Wine(rng);
        var model = GlmmModel.Create(frame, FamilySpec.Parse("cumulative(logit)"), [PriorSpec.Parse("Intercept ~ normal(1, 2)"), PriorSpec.Parse("b ~ normal(0, 3)")]);
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(ModelBuilder.RandomPosition(model, rng), o, rng);
        var names = model.OutputNames.ToList();
        double shift = 0;
        for (int j = 1; j < 3; j++) shift += frame.Fixed.X.Column(j).ToArray().Average() * o[names.IndexOf("b_" + frame.Fixed.CoefficientNames[j])];
        static double Normal(double x, double m, double s) => -0.5 * ((x - m) / s) * ((x - m) / s) - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI);
        double expected = Normal(o[names.IndexOf("b_tempwarm")], 0, 3) + Normal(o[names.IndexOf("b_contactyes")], 0, 3);
        for (int k = 1; k <= 4; k++) expected += Normal(o[names.IndexOf($"b_Intercept[{k}]")] - shift, 1, 2);
        double sd = o[names.IndexOf("sd_judge__Intercept")];
        expected += Math.Log(2) + new StudentTPrior(3, 0, 2.5).LogDensity(sd, out _);
        Assert.Equal(expected, model.LogPrior(o), 1e-10);
    }

    [Fact]
    public void OutputsRoundTripAndPartsAgree()
    {
        var rng = new RandomStream(3, 33);
        var model = GlmmModel.Create(Wine(rng), FamilySpec.Parse("cumulative(logit)"), []);
        var x = ModelBuilder.RandomPosition(model, rng);
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(x, o, rng);
        for (int k = 1; k < 4; k++) Assert.True(o[k] > o[k - 1]);
        var back = new double[model.Dimension];
        Assert.True(model.TryWritePosition(o, back));
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], back[i], 1e-9);
        var ll = new double[model.ObservationCount];
        model.PointwiseLogLikelihood(o, ll);
        var parts = model.EvaluateParts(x);
        Assert.Equal(ll.Sum(), parts.LogLikelihood, 1e-9 * (1 + Math.Abs(parts.LogLikelihood)));
        Assert.Equal(model.LogPrior(o), parts.LogPrior, 1e-9 * (1 + Math.Abs(parts.LogPrior)));
        (o[1], o[2]) = (o[2], o[1]);
        Assert.False(model.TryWritePosition(o, back));
        Assert.Equal(double.NegativeInfinity, model.LogPrior(o));
        var draw = new double[model.OutputNames.Count];
        model.DrawFromPrior(rng, draw);
        for (int k = 1; k < 4; k++) Assert.True(draw[k] > draw[k - 1]);
    }
}
