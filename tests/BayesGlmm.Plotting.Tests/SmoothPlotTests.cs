// The smooth plot kind: one plots/smooth_<label>.svg per curve, named after the part, and none without curves.
using BayesGlmm.Analysis.Smooths;

namespace BayesGlmm.Plotting.Tests;

public sealed class SmoothPlotTests
{
    private static SmoothCurve Curve(string label, string? level)
    {
        var grid = Enumerable.Range(0, 100).Select(i => i / 10.0).ToArray();
        var median = grid.Select(Math.Sin).ToArray();
        return new SmoothCurve(label, "s(x, by = f)", "x", level, grid, median, median.Select(m => m - 0.3).ToArray(),
            median.Select(m => m + 0.3).ToArray(), grid.Where((_, i) => i % 3 == 0).ToArray());
    }

    [Fact]
    public void EachCurveIsPlottedUnderItsLabel()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-smoothplots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var entries = FitPlots.Write(SyntheticFit.Create(), dir, new FitPlotOptions { Png = true, Smooths = [Curve("sxfa", "a"), Curve("sxfb", "b")] });
            var smooth = entries.Where(e => e.Kind == "smooth").ToList();
            Assert.Equal(2, smooth.Count);
            Assert.Equal(Path.Combine(dir, "smooth_sxfa.svg"), smooth[0].SvgPath);
            Assert.Equal("Conditional effect of s(x, by = f), b", smooth[1].Caption);
            foreach (var entry in smooth)
            {
                Assert.Contains("<svg", File.ReadAllText(entry.SvgPath));
                Assert.True(new FileInfo(Path.ChangeExtension(entry.SvgPath, ".png")).Length > 1000);
            }
            Assert.DoesNotContain(FitPlots.Write(SyntheticFit.Create(), Path.Combine(dir, "none"), new FitPlotOptions()), e => e.Kind == "smooth");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
