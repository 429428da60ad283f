// nutpie's warmup schedule on counts alone: early switches, growing main windows, the late phase and short warmups.
using BayesGlmm.Sampling.Adaptation;

namespace BayesGlmm.Sampling.Tests.Adaptation;

public sealed class FisherScheduleTests
{
    /// <summary>Feeds the schedule W draws, all accepted into the background (which starts with the initial point), and records the switches.</summary>
    private static (List<int> Switches, List<int> Late, int FirstFrozen) Simulate(int warmup, FisherAdaptationOptions? options = null)
    {
        var schedule = new FisherSchedule(warmup, options ?? new FisherAdaptationOptions());
        int background = 1;
        var switches = new List<int>();
        var late = new List<int>();
        int firstFrozen = -1;
        for (int draw = 0; draw < warmup; draw++)
        {
            int before = background;
            if (draw < schedule.FinalPhaseStart) background++;
            FisherStep step = schedule.Next(draw, before, background);
            if (step.Switch)
            {
                switches.Add(draw);
                background = 0;
            }
            if (step.Late) late.Add(draw);
            if (!step.AdaptsMetric && firstFrozen < 0) firstFrozen = draw;
        }
        return (switches, late, firstFrozen);
    }

    [Fact]
    public void DefaultPhasesAreNutsRsFractions()
    {
        var s = new FisherSchedule(1000, new FisherAdaptationOptions());
        Assert.Equal(300, s.EarlyEnd);
        Assert.Equal(850, s.FinalPhaseStart);
        var s400 = new FisherSchedule(400, new FisherAdaptationOptions());
        Assert.Equal((120, 340), (s400.EarlyEnd, s400.FinalPhaseStart));
    }

    [Fact]
    public void EarlyWindowsSwitchEveryTenDrawsThenMainWindowsGrowByHalf()
    {
        var (switches, late, firstFrozen) = Simulate(1000);
        // Early phase: the background starts with the initial point, so the first switch comes after 9 draws.
        Assert.Equal(8, switches[0]);
        var early = switches.Where(d => d < 300).ToList();
        Assert.All(early.Zip(early.Skip(1)), p => Assert.Equal(10, p.Second - p.First));
        // Main phase: windows of 80, then 120, 180, ... draws, as long as the next window still fits before 850.
        var main = switches.Where(d => d >= 300).ToList();
        var gaps = main.Zip(main.Skip(1)).Select(p => p.Second - p.First).ToList();
        Assert.Equal(298, early[^1]);
        Assert.Equal([378, 498], main); // 80 draws after the last early switch, then a window of 120
        Assert.Equal([120], gaps);
        // The next window (180, then 270) would end past 850: from draw 581 on (270 + 581 > 850) nothing switches.
        Assert.Equal(581, late[0]);
        Assert.Equal(850, firstFrozen);
        Assert.Equal(Enumerable.Range(late[0], 1000 - late[0]), late);
        Assert.DoesNotContain(switches, d => d >= late[0]);
    }

    [Fact]
    public void MainWindowStartsFromTheBackgroundAlreadyCollected()
    {
        // With an early window longer than the main window, the first main-phase window is the background's size
        // (100 here, not 50), and the next one grows from it: 150 draws later, not 75.
        var options = new FisherAdaptationOptions { EarlyWindow = 200, MainWindow = 50 };
        var schedule = new FisherSchedule(1000, options);
        for (int d = 0; d < 300; d++) schedule.Next(d, 0, 0);
        Assert.True(schedule.Next(300, backgroundBefore: 100, backgroundAfter: 101).Switch);
        int background = 0, next = -1;
        for (int d = 301; d < 850 && next < 0; d++)
        {
            int before = background++;
            if (schedule.Next(d, before, background).Switch) next = d;
        }
        Assert.Equal(450, next);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(150)]
    [InlineData(200)]
    public void ShortWarmupsStillSwitchAndAdapt(int warmup)
    {
        var (switches, _, firstFrozen) = Simulate(warmup);
        Assert.NotEmpty(switches);
        Assert.Equal(warmup - (int)(0.15 * warmup), firstFrozen);
    }

    [Fact]
    public void TinyWarmupNeverSwitchesButNeverFails()
    {
        var (switches, late, _) = Simulate(5);
        Assert.Empty(switches);
        Assert.NotEmpty(late);
    }
}
