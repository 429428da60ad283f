// Predictive-check statistics that suit the response: no statistic that is the same for every binary or ordinal data set.
using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.PosteriorPredictive;

public sealed class StatisticChoiceTests
{
    private static ResponseData Response(double[] values, IReadOnlyList<string>? levels = null, double[]? trials = null) =>
        new() { Name = "y", Values = values, Levels = levels, Trials = trials };

    private static string[] Names(string family, ResponseData response) =>
        TestStatistic.ForResponse(family, response).Select(s => s.Name).ToArray();

    [Fact]
    public void EachKindOfResponseGetsItsStatistics()
    {
        Assert.Equal(["mean"], Names("bernoulli(logit)", Response([0, 1, 1])));
        Assert.Equal(["mean"], Names("binomial", Response([0, 1, 1], trials: [1, 1, 1])));
        Assert.Equal(["mean", "sd", "prop_zero", "max"], Names("binomial(probit)", Response([0, 3, 1], trials: [4, 4, 2])));
        Assert.Equal(["mean", "sd", "prop_zero", "max"], Names("poisson", Response([0, 3, 1])));
        Assert.Equal(["mean", "sd", "prop_zero", "max"], Names("zero_inflated_poisson", Response([0, 3, 1])));
        Assert.Equal(["mean", "sd", "min", "max"], Names("gaussian(identity)", Response([0.5, 3, 1])));
        Assert.Equal(["mean", "sd", "prop_1", "prop_2", "prop_3", "prop_4"], Names("cumulative(logit)", Response([1, 4, 2, 2])));
        Assert.Equal(["mean", "sd", "prop_high", "prop_low", "prop_medium"], Names("cumulative(probit)", Response([1, 0, 2], ["high", "low", "medium"])));
        Assert.Equal(["prop_a", "prop_B_1", "prop_c.x"], Names("categorical", Response([0, 2, 1], ["a", "B_1", "c.x"])));
        Assert.Equal(["prop_1", "prop_2", "prop_3"], Names("categorical", Response([1, 3, 2, 2])));
    }

    [Fact]
    public void TheStatisticsLeftOutAreTheOnesThatCannotTellModelsApart()
    {
        // Binary replicates of a bernoulli model with p = 0.3: max is 1 and prop_zero is 1 − mean in every data set.
        var rng = new RandomStream(21);
        int n = 200, draws = 100;
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
        var yRep = Enumerable.Range(0, n * draws).Select(_ => rng.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
        var max = PredictiveCheck.Compute(y, yRep, TestStatistic.Max);
        Assert.All(max.Replicated, v => Assert.Equal(1.0, v));
        var zero = PredictiveCheck.Compute(y, yRep, TestStatistic.ProportionZero);
        var mean = PredictiveCheck.Compute(y, yRep, TestStatistic.Mean);
        for (int s = 0; s < draws; s++) Assert.Equal(1 - mean.Replicated[s], zero.Replicated[s], 1e-12);

        // The statistics chosen for an ordinal response vary between replicated data sets.
        var ratings = Enumerable.Range(0, n).Select(_ => 1.0 + rng.Next(5)).ToArray();
        var ratingReps = Enumerable.Range(0, n * draws).Select(_ => 1.0 + rng.Next(5)).ToArray();
        foreach (var check in PredictiveCheck.Compute(ratings, ratingReps, TestStatistic.ForResponse("cumulative", Response(ratings))))
            Assert.True(check.Replicated.Distinct().Count() > 5, $"{check.Statistic} is nearly constant");
    }

    [Fact]
    public void ProportionOfACategoryCountsItsCode()
    {
        var statistic = TestStatistic.ProportionOf(2, "medium");
        Assert.Equal("prop_medium", statistic.Name);
        Assert.Equal(0.5, statistic.Function([2, 0, 2, 1]));
        Assert.True(double.IsNaN(statistic.Function([])));
    }
}
