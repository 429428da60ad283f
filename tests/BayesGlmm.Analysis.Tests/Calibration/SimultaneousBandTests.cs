using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class SimultaneousBandTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    public void AdjustedGammaAndBandCountsMatchTheReference(int n)
    {
        var bands = ReferenceCsv.Read($"ecdf_bands_N{n}.csv");
        var first = bands.Rows[0];
        int k = bands.Integer(first, "K");
        double expectedGamma = bands.Number(first, "gamma");

        var band = SimultaneousBand.Compute(n, k, bands.Number(first, "prob"));

        Assert.True(Math.Abs(band.Gamma - expectedGamma) <= 1e-8 * expectedGamma, $"gamma {band.Gamma:R} vs {expectedGamma:R}");
        foreach (var row in bands.Rows)
        {
            int i = bands.Integer(row, "i");
            Assert.Equal(bands.Integer(row, "lower_count"), band.LowerCounts[i]);
            Assert.Equal(bands.Integer(row, "upper_count"), band.UpperCounts[i]);
            Assert.Equal(bands.Number(row, "lower_diff"), band.Lower(i) - SimultaneousBand.GridPoint(i, k), 12);
            Assert.Equal(bands.Number(row, "upper_diff"), band.Upper(i) - SimultaneousBand.GridPoint(i, k), 12);
        }

        var margins = ReferenceCsv.Read("band_gamma_margins.csv").Where("N", n.ToString()).Single();
        var m = ReferenceCsv.Read("band_gamma_margins.csv");
        Assert.InRange(band.Gamma, m.Number(margins, "band_constant_from"), m.Number(margins, "band_constant_to"));
    }

    [Fact]
    public void CoverageRecursionMatchesTheReferenceAtFixedGamma()
    {
        var checks = ReferenceCsv.Read("coverage_checks.csv");
        foreach (var row in checks.Rows)
        {
            int n = checks.Integer(row, "N"), k = checks.Integer(row, "K");
            double gamma = checks.Number(row, "gamma");
            double coverage = SimultaneousBand.CoverageAt(gamma, n, k);
            Assert.True(Math.Abs(coverage - checks.Number(row, "coverage")) < 1e-10,
                $"N={n} gamma={gamma}: {coverage:R} vs {checks.Number(row, "coverage"):R}");

            // P(γ statistic > γ) = 1 − P(γ statistic ≤ γ); the p-value adds a 1e-9 tie margin, removed here.
            double greater = 1 - GammaPValue.Compute(gamma / (1 + GammaPValue.TieMargin), n, k);
            Assert.True(Math.Abs(greater - checks.Number(row, "p_stat_greater")) < 1e-10,
                $"N={n} gamma={gamma}: P(stat > gamma) {greater:R}");
        }
    }

    [Fact]
    public void BandIsSymmetricAndPinnedAtTheEnds()
    {
        var band = SimultaneousBand.ForGamma(57, 20, 0.01);
        Assert.Equal(0, band.LowerCounts[0]);
        Assert.Equal(0, band.UpperCounts[0]);
        Assert.Equal(57, band.LowerCounts[20]);
        Assert.Equal(57, band.UpperCounts[20]);
        for (int i = 0; i <= 20; i++) Assert.Equal(band.UpperCounts[i], 57 - band.LowerCounts[20 - i]);
    }
}
