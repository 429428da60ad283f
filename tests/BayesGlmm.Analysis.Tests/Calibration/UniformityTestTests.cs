using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class UniformityTestTests
{
    private static int[] Ranks(string file, int n)
    {
        var csv = ReferenceCsv.Read(file);
        return csv.Rows.Take(n).Select(r => csv.Integer(r, "rank")).ToArray();
    }

    public static TheoryData<string, int> Cases => new()
    {
        { "uniform", 100 }, { "ushaped", 100 }, { "uniform", 1000 }, { "ushaped", 1000 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatisticVerdictAndPValueMatchTheReference(string name, int n)
    {
        var expected = ReferenceCsv.Read("expected_tests.csv");
        var row = expected.Where("case", name).Single(r => expected.Integer(r, "n_sims") == n);
        int maxRank = expected.Integer(row, "max_rank");
        int[] ranks = Ranks(expected.Text(row, "ranks_file"), n);

        var result = UniformityTest.Run(ranks, maxRank, expected.Number(row, "prob"));

        Assert.Equal(expected.Integer(row, "K"), result.Band.GridSize);
        AssertRelative(expected.Number(row, "gamma_adj"), result.Band.Gamma, 1e-8, "gamma_adj");
        Assert.True(Math.Abs(expected.Number(row, "coverage_at_gamma_adj") - result.Band.Coverage) < 1e-10, "coverage");
        AssertRelative(expected.Number(row, "gamma_stat"), result.GammaStatistic, 1e-8, "gamma_stat");
        Assert.True(Math.Abs(expected.Number(row, "log_gamma_ratio") - result.LogGammaRatio) < 1e-7, "log ratio");
        Assert.Equal(expected.Integer(row, "n_outside_band"), result.OutsideCount);
        var verdict = expected.Text(row, "verdict") == "pass" ? CalibrationVerdict.Ok : CalibrationVerdict.Miscalibrated;
        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(result.OutsideCount > 0, result.Verdict == CalibrationVerdict.Miscalibrated);
        AssertRelative(expected.Number(row, "pvalue_exact"), result.PValue, 1e-6, "p-value");

        double maxAbs = result.EcdfDifferences().Max(Math.Abs);
        Assert.Equal(expected.Number(row, "max_abs_ecdf_diff"), maxAbs, 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EcdfDifferencesMatchTheReference(string name, int n)
    {
        var expected = ReferenceCsv.Read("ecdf_diff_expected.csv");
        var rows = expected.Where("case", name).Where(r => expected.Integer(r, "n_sims") == n).ToList();
        int[] ranks = Ranks($"ranks_{name}.csv", n);
        int k = rows.Count - 1;
        int[] counts = RankEcdf.Counts(ranks, 99, k);
        double[] diff = RankEcdf.Differences(counts, n);
        var band = SimultaneousBand.Compute(n, k);
        var result = UniformityTest.Run(ranks, 99, band);
        double[] lowerDiff = result.LowerDifferences(), upperDiff = result.UpperDifferences(), grid = result.GridPoints();
        foreach (var row in rows)
        {
            int i = expected.Integer(row, "i");
            Assert.True(Math.Abs(expected.Number(row, "ecdf") - (double)counts[i] / n) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "ecdf_diff") - diff[i]) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "ecdf_diff") - result.EcdfDifferences()[i]) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "z") - grid[i]) < 1e-15);
            Assert.True(Math.Abs(expected.Number(row, "lower") - expected.Number(row, "z") - lowerDiff[i]) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "upper") - expected.Number(row, "z") - upperDiff[i]) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "lower") - band.Lower(i)) < 1e-12);
            Assert.True(Math.Abs(expected.Number(row, "upper") - band.Upper(i)) < 1e-12);
            bool outside = counts[i] < band.LowerCounts[i] || counts[i] > band.UpperCounts[i];
            Assert.Equal(expected.Text(row, "outside") == "TRUE", outside);
        }
    }

    [Fact]
    public void DefaultGridFollowsSbc()
    {
        Assert.Equal(100, RankEcdf.DefaultGridSize(30, 99));
        Assert.Equal(60, RankEcdf.DefaultGridSize(60, 99));
        Assert.Equal(100, RankEcdf.DefaultGridSize(1000, 99));
    }

    [Fact]
    public void CoarseGridReadsTheEcdfAtTheFloorOfTheScaledIndex()
    {
        // L + 1 = 10 ranks on K = 4: base = 0, 2, 5, 7, 10.
        int[] ranks = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Equal(new[] { 0, 2, 5, 7, 10 }, RankEcdf.Counts(ranks, 9, 4));
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual:R} vs {expected:R}");
}
