// The warmup schedule as data: Stan's windows, the short-warmup fallback and the no-adaptation case.
using BayesGlmm.Sampling.Adaptation;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Sampling.Tests.Adaptation;

public sealed class WarmupScheduleTests
{
    [Fact]
    public void DefaultWarmupEndsWindowsWhereStanDoes()
    {
        var s = WarmupSchedule.Build(1000, 75, 50, 25);
        Assert.Equal([99, 149, 249, 449, 949], s.Windows.Select(w => w.End));
        Assert.Equal([75, 100, 150, 250, 450], s.Windows.Select(w => w.Start));
        Assert.Equal([25, 50, 100, 200, 500], s.Windows.Select(w => w.Length));
        Assert.True(s.IsWindowEnd(949));
        Assert.False(s.IsWindowEnd(950));
        Assert.Equal(-1, s.WindowOf(74));
        Assert.Equal(0, s.WindowOf(75));
        Assert.Equal(-1, s.WindowOf(950));
    }

    [Theory]
    [InlineData(150, new[] { 99 })]
    [InlineData(160, new[] { 99, 109 })]
    [InlineData(200, new[] { 99, 149 })]
    [InlineData(2000, new[] { 99, 149, 249, 449, 849, 1949 })]
    public void StretchRuleMatchesStan(int warmup, int[] ends)
    {
        Assert.Equal(ends, WarmupSchedule.Build(warmup, 75, 50, 25).Windows.Select(w => w.End));
    }

    [Theory]
    [InlineData(20, 3, 2, 3, 17)]
    [InlineData(100, 15, 10, 15, 89)]
    [InlineData(149, 22, 14, 22, 134)]
    public void ShortWarmupUsesFifteenSeventyFiveTenSplit(int warmup, int init, int term, int start, int end)
    {
        var s = WarmupSchedule.Build(warmup, 75, 50, 25);
        Assert.Equal(init, s.InitBuffer);
        Assert.Equal(term, s.TermBuffer);
        Assert.Equal(warmup - init - term, s.BaseWindow);
        var w = Assert.Single(s.Windows);
        Assert.Equal((start, end), (w.Start, w.End));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    public void BelowTwentyThereIsNoMetricAdaptation(int warmup)
    {
        Assert.Empty(WarmupSchedule.Build(warmup, 75, 50, 25).Windows);
    }

    [Fact]
    public void WindowsTileTheSlowPhase()
    {
        Prop.ForAll(Gen.Choose(20, 20000).ToArbitrary(), w =>
        {
            var s = WarmupSchedule.Build(w, 75, 50, 25);
            int expectedStart = s.InitBuffer;
            foreach (var window in s.Windows)
            {
                if (window.Start != expectedStart || window.End < window.Start) return false;
                expectedStart = window.End + 1;
            }
            return s.Windows[^1].End == w - s.TermBuffer - 1
                   && s.Windows.Zip(s.Windows.Skip(1)).SkipLast(1).All(p => p.Second.Length == 2 * p.First.Length);
        }).QuickCheckThrowOnFailure();
    }
}
