using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.PosteriorPredictive;

public sealed class PredictiveCheckTests
{
    [Fact]
    public void StatisticsHaveTheirTextbookValues()
    {
        double[] x = [0, 2, 0, 4, 9];
        Assert.Equal(3.0, TestStatistic.Mean.Function(x), 14);
        Assert.Equal(Math.Sqrt(14.0), TestStatistic.StandardDeviation.Function(x), 14);
        Assert.Equal(0.4, TestStatistic.ProportionZero.Function(x), 14);
        Assert.Equal(9.0, TestStatistic.Max.Function(x));
        Assert.Equal(0.0, TestStatistic.Min.Function(x));
        Assert.Equal(["mean", "sd", "prop_zero", "max"], TestStatistic.Defaults.Select(t => t.Name));
    }

    [Fact]
    public void PValueCountsTiesHalf()
    {
        // y has max 3. Replicates' maxima: 1, 3, 3, 5 → p = (1 + ½·2)/4 = 0.5.
        double[] y = [0, 3, 1];
        double[] yRep =
        [
            1, 0, 0,
            3, 2, 0,
            0, 0, 3,
            5, 0, 0,
        ];
        var check = PredictiveCheck.Compute(y, yRep, TestStatistic.Max);
        Assert.Equal(3.0, check.Observed);
        Assert.Equal([1.0, 3.0, 3.0, 5.0], check.Replicated);
        Assert.Equal(0.5, check.PValue);
        Assert.Null(check.Group);

        // Proportion of zeros: y 1/3; replicates 2/3, 1/3, 2/3, 2/3 → p = (3 + ½)/4.
        Assert.Equal(3.5 / 4, PredictiveCheck.Compute(y, yRep, TestStatistic.ProportionZero).PValue);
    }

    [Fact]
    public void ReplicatesEqualToTheDataGiveOneHalf()
    {
        double[] y = [1.5, -2, 7];
        var yRep = Enumerable.Repeat(y, 10).SelectMany(r => r).ToArray();
        foreach (var check in PredictiveCheck.Compute(y, yRep, TestStatistic.Defaults))
            Assert.Equal(0.5, check.PValue);
    }

    [Fact]
    public void PerGroupChecksUseOnlyTheGroupsObservations()
    {
        double[] y = [1, 10, 2, 20, 5];
        int[] groups = [0, 1, 0, 1, -1];
        double[] yRep =
        [
            0, 30, 0, 0, 99,
            4, 10, 4, 20, 99,
        ];
        var checks = PredictiveCheck.ComputeByGroup(y, yRep, groups, 3, TestStatistic.Mean);
        Assert.Equal(3, checks.Count);
        Assert.Equal(0, checks[0].Group);
        Assert.Equal(1.5, checks[0].Observed);
        Assert.Equal([0.0, 4.0], checks[0].Replicated);
        Assert.Equal(0.5, checks[0].PValue);
        Assert.Equal(15.0, checks[1].Observed);
        Assert.Equal([15.0, 15.0], checks[1].Replicated);
        Assert.Equal(0.5, checks[1].PValue);
        Assert.True(double.IsNaN(checks[2].Observed)); // an empty group
        Assert.True(double.IsNaN(checks[2].PValue));
    }

    [Fact]
    public void AMisfittingModelGetsAnExtremePValue()
    {
        // Data with many zeros; replicates from a Poisson with the same mean and far fewer zeros.
        var rng = new RandomStream(17);
        const int n = 200, draws = 500;
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rng.NextDouble() < 0.5 ? 0 : rng.NextPoisson(4);
        double mean = y.Average();
        var yRep = new double[draws * n];
        for (int k = 0; k < yRep.Length; k++) yRep[k] = rng.NextPoisson(mean);
        Assert.True(PredictiveCheck.Compute(y, yRep, TestStatistic.ProportionZero).PValue < 0.01);
        double pMean = PredictiveCheck.Compute(y, yRep, TestStatistic.Mean).PValue;
        Assert.InRange(pMean, 0.05, 0.95);
    }
}
