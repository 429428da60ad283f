using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.ModelComparison;

public sealed class FitComparisonTests
{
    /// <summary>A fit whose log-likelihood of observation i is log N(y_i | μ_s, 1) with μ_s ~ N(center, 0.1).</summary>
    private static LooResult Fit(double center, ulong seed)
    {
        var rng = new RandomStream(seed);
        const int draws = 1000, n = 40;
        var y = new double[n];
        var yRng = new RandomStream(1234); // the same data for every fit
        for (int i = 0; i < n; i++) y[i] = yRng.NextStandardNormal();
        var values = new double[draws * n];
        for (int s = 0; s < draws; s++)
        {
            double mu = center + 0.1 * rng.NextStandardNormal();
            for (int i = 0; i < n; i++) values[s * n + i] = -0.5 * Math.Log(2 * Math.PI) - 0.5 * (y[i] - mu) * (y[i] - mu);
        }
        return LeaveOneOut.Compute(new LogLikelihoodMatrix(values, draws, n), new LooOptions { EstimateRelativeEfficiency = false });
    }

    [Fact]
    public void FitsAreOrderedBestFirstWithDifferencesToTheBest()
    {
        var near = Fit(0.0, 1);
        var far = Fit(1.5, 2);
        var middle = Fit(0.7, 3);
        var rows = FitComparison.Compare([("far", far), ("near", near), ("middle", middle)]);

        Assert.Equal(["near", "middle", "far"], rows.Select(r => r.Name));
        Assert.Equal(0.0, rows[0].ElpdDiff);
        Assert.Equal(0.0, rows[0].SeDiff);
        Assert.Equal(middle.ElpdLoo.Value - near.ElpdLoo.Value, rows[1].ElpdDiff, 10);
        Assert.Equal(far.ElpdLoo.Value - near.ElpdLoo.Value, rows[2].ElpdDiff, 10);
        Assert.True(rows[1].ElpdDiff < 0 && rows[2].ElpdDiff < rows[1].ElpdDiff);

        // se_diff = sqrt(N var(elpd_i − elpd_best,i)), by hand.
        int n = near.ObservationCount;
        var d = Enumerable.Range(0, n).Select(i => far.PointwiseElpdLoo[i] - near.PointwiseElpdLoo[i]).ToArray();
        double mean = d.Average();
        double se = Math.Sqrt(n * d.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.Equal(se, rows[2].SeDiff, 10);
        Assert.Equal(far.ElpdLoo, rows[2].ElpdLoo);
    }

    [Fact]
    public void TiesKeepTheGivenOrder()
    {
        var a = Fit(0.2, 5);
        var rows = FitComparison.Compare([("first", a), ("second", a)]);
        Assert.Equal(["first", "second"], rows.Select(r => r.Name));
        Assert.Equal(0.0, rows[1].ElpdDiff);
    }

    [Fact]
    public void DifferentDataCannotBeCompared()
    {
        var a = Fit(0.0, 1);
        var b = LeaveOneOut.Compute(new LogLikelihoodMatrix(Enumerable.Repeat(-1.0, 100 * 2).ToArray(), 100, 2),
            new LooOptions { EstimateRelativeEfficiency = false });
        var ex = Assert.Throws<InputException>(() => FitComparison.Compare([("a", a), ("b", b)]));
        Assert.Contains("observations", ex.Message);
        Assert.Throws<InputException>(() => FitComparison.Compare([("a", a)]));
    }
}
