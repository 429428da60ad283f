namespace BayesGlmm.Plotting.Tests;

public sealed class PlotWarmupTests
{
    [Fact]
    public async Task WarmupRendersAndLeavesTheSavedPlotsUnchanged()
    {
        var draws = SyntheticFit.Create();
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-warmup-" + Guid.NewGuid().ToString("N"));
        string before = File.ReadAllText(PlotFile.Save(TracePlot.Create(draws, "b_Intercept"), Path.Combine(dir, "trace")));

        Assert.True(PlotWarmup.Run() > 3000, "the warm-up renders three plots into memory");
        await PlotWarmup.Start();

        // The same plot saved after the warm-ups is the same file byte for byte, and the warm-up wrote nothing.
        string after = File.ReadAllText(PlotFile.Save(TracePlot.Create(draws, "b_Intercept"), Path.Combine(dir, "trace")));
        Assert.Equal(before, after);
        Assert.Equal(["trace.svg"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }
}
