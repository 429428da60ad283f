using BayesGlmm.Analysis.ModelComparison;

namespace BayesGlmm.Analysis.Tests.ModelComparison;

public sealed class WaicTests
{
    [Fact]
    public void TotalsMatchLoo251()
    {
        var waic = Waic.Compute(LooReference.Matrix);
        var expected = LooReference.Totals("waic_expected.csv");
        LooReference.AssertRelative(expected["elpd_waic"].Estimate, waic.ElpdWaic.Value, "elpd_waic");
        LooReference.AssertRelative(expected["elpd_waic"].Se, waic.ElpdWaic.StandardError, "se_elpd_waic");
        LooReference.AssertRelative(expected["p_waic"].Estimate, waic.PWaic.Value, "p_waic");
        LooReference.AssertRelative(expected["p_waic"].Se, waic.PWaic.StandardError, "se_p_waic");
        LooReference.AssertRelative(expected["waic"].Estimate, waic.Waic.Value, "waic");
        LooReference.AssertRelative(expected["waic"].Se, waic.Waic.StandardError, "se_waic");
    }

    [Fact]
    public void PointwiseValuesAddUpAndOutliersTriggerThePWaicWarning()
    {
        var waic = Waic.Compute(LooReference.Matrix);
        Assert.Equal(waic.ElpdWaic.Value, waic.PointwiseElpdWaic.Sum(), 9);
        for (int i = 0; i < waic.ObservationCount; i++)
            Assert.Equal(-2 * waic.PointwiseElpdWaic[i], waic.PointwiseWaic[i], 12);
        var flagged = waic.ObservationsWithLargePWaic;
        Assert.Equal(Enumerable.Range(0, waic.ObservationCount).Where(i => waic.PointwisePWaic[i] > 0.4), flagged);
        Assert.Equal(flagged.Count == 0, waic.Warning is null);
    }
}
