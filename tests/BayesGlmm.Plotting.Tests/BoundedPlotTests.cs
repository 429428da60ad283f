using System.Text.RegularExpressions;
using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Plotting.Tests;

/// <summary>The fast paths of the plots: the same SVG as ScottPlot writes, the binned density, bounded traces and funnels.</summary>
public sealed partial class BoundedPlotTests
{
    private static string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-bounded-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [GeneratedRegex(@"(?<=id=""|url\(#)[^"")]+")]
    private static partial Regex ClipId();

    /// <summary>The SVG with its ids numbered in order of appearance (Skia numbers clip paths process-wide; PlotFile renames them).</summary>
    private static string Normalised(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? id)) ids[m.Value] = id = "cl_" + ids.Count;
            return id;
        });
    }

    [Fact]
    public void PlotFileWritesTheSvgDocumentScottPlotWrites()
    {
        var draws = SyntheticFit.Create();
        string dir = NewDirectory();
        foreach (var make in new Func<ScottPlot.Plot>[]
                 {
                     () => TracePlot.Create(draws, "b_Intercept"),
                     () => DensityOverlayPlot.Create(draws, "sigma"),
                     () => FunnelPlot.Create(draws, "sd_county__Intercept", "r_county[c1,Intercept]"),
                 })
        {
            string ours = File.ReadAllText(PlotFile.Save(make(), Path.Combine(dir, "plot")));
            string theirs = make().GetSvgXml(PlotTheme.Width, PlotTheme.Height);
            Assert.Equal(Normalised(theirs), Normalised(ours));
        }
    }

    [Fact]
    public void ThePlotFileIsTheSameWhateverWasDrawnBeforeAndItsIdsNameTheFile()
    {
        var draws = SyntheticFit.Create();
        string dir = NewDirectory();
        string first = File.ReadAllText(PlotFile.Save(TracePlot.Create(draws, "b_Intercept"), Path.Combine(dir, "trace_b_Intercept")));
        PlotFile.Save(DensityOverlayPlot.Create(draws, "sigma"), Path.Combine(dir, "other"));
        string second = File.ReadAllText(PlotFile.Save(TracePlot.Create(draws, "b_Intercept"), Path.Combine(dir, "trace_b_Intercept")));
        Assert.Equal(first, second);
        Assert.Contains("id=\"trace_b_Intercept-clip0\"", first, StringComparison.Ordinal);
        Assert.Contains("url(#trace_b_Intercept-clip0)", first, StringComparison.Ordinal);
        Assert.DoesNotContain("cl_", first, StringComparison.Ordinal);
    }

    [Fact]
    public void StableClipIdsRenamesOnlyIdsAndReferences()
    {
        const string svg = "<clipPath id=\"cl_a4\"/><g clip-path=\"url(#cl_a4)\"/><g clip-path=\"url(#cl_1f)\"/><text>cl_ab</text>";
        Assert.Equal("<clipPath id=\"p-clip0\"/><g clip-path=\"url(#p-clip0)\"/><g clip-path=\"url(#p-clip1)\"/><text>cl_ab</text>",
            PlotFile.StableClipIds(svg, "p"));
    }

    public static TheoryData<double, double> Supports => new() { { double.NegativeInfinity, double.PositiveInfinity }, { 0, double.PositiveInfinity }, { 0, 4 } };

    [Theory]
    [MemberData(nameof(Supports))]
    public void BinnedDensityMatchesTheDirectSum(double lower, double upper)
    {
        var support = new Support(lower, upper);
        var rng = new RandomStream(12);
        var x = Enumerable.Range(0, 20_000).Select(_ => rng.NextDouble() < 0.3 ? Math.Min(rng.NextNormal(3, 0.5), 3.99) : Math.Exp(rng.NextNormal(0, 0.6)))
            .Select(v => Math.Clamp(v, 1e-9, 4)).ToArray();
        var w = Enumerable.Range(0, x.Length).Select(_ => rng.NextDouble()).ToArray();
        double total = w.Sum();
        for (int i = 0; i < w.Length; i++) w[i] /= total;
        double h = KernelDensity.Bandwidth(x);
        var grid = KernelDensity.Grid(x.Min(), x.Max(), 2 * h, support, 200);

        var binned = KernelDensity.Estimate(x, grid, h, support);
        var binnedWeighted = KernelDensity.Estimate(x, w, grid, h, support);
        double Phi(double z) => Math.Abs(z) < 8 ? Math.Exp(-0.5 * z * z) / (h * Math.Sqrt(2 * Math.PI)) : 0;
        for (int g = 0; g < grid.Length; g++)
        {
            double direct = 0, directWeighted = 0;
            for (int i = 0; i < x.Length; i++)
            {
                // The draw and its mirror images in the finite bounds (Schuster 1985), as the direct sum reflects them.
                double k = Phi((grid[g] - x[i]) / h);
                if (double.IsFinite(lower)) k += Phi((grid[g] - (2 * lower - x[i])) / h);
                if (double.IsFinite(upper)) k += Phi((grid[g] - (2 * upper - x[i])) / h);
                direct += k / x.Length;
                directWeighted += w[i] * k;
            }
            Assert.True(Math.Abs(binned[g] - direct) < 2e-4 * binned.Max(), $"grid point {g}: {binned[g]} vs {direct}");
            Assert.True(Math.Abs(binnedWeighted[g] - directWeighted) < 2e-4 * binnedWeighted.Max(), $"grid point {g}: {binnedWeighted[g]} vs {directWeighted}");
        }
    }

    [Fact]
    public void TraceThinningKeepsShortTracesWholeAndEachBucketsExtremes()
    {
        var shortTrace = new[] { 3.0, 1.0, double.NaN, 2.0 };
        var (sx, sy) = TraceThinning.MinMax(shortTrace, buckets: 2);
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, sx);
        Assert.Equal(shortTrace, sy);

        var rng = new RandomStream(2);
        var trace = Enumerable.Range(0, 10_000).Select(_ => rng.NextStandardNormal()).ToArray();
        trace[5_123] = double.NaN;
        var (x, y) = TraceThinning.MinMax(trace, buckets: 100);
        Assert.InRange(x.Length, 200, 300);
        Assert.Equal(x.OrderBy(v => v), x);
        for (int b = 0; b < 100; b++)
        {
            var bucket = trace.Skip(b * 100).Take(100).Where(double.IsFinite).ToArray();
            var kept = x.Select((xi, i) => (xi, y: y[i])).Where(p => p.xi > b * 100 && p.xi <= (b + 1) * 100).Select(p => p.y).ToArray();
            Assert.Contains(bucket.Min(), kept);
            Assert.Contains(bucket.Max(), kept);
        }
        Assert.Contains(5_124.0, x);
        Assert.Equal(new[] { 1.0, 5001, 9901 }, TraceThinning.Marks([0, 1, 5_000, 5_050, 9_900], 10_000, buckets: 100));
        Assert.Equal(new[] { 1.0, 2 }, TraceThinning.Marks([0, 1], 150, buckets: 100));
    }

    [Fact]
    public void PlotsOfMillionsOfDrawsStayBounded()
    {
        var rng = new RandomStream(6);
        const int chains = 4, iterations = 250_000;
        var draws = new Draws(["b_Intercept", "sd_g__Intercept", "r_g[1,Intercept]", "divergent__"], chains, iterations);
        for (int c = 0; c < chains; c++)
        {
            for (int i = 0; i < iterations; i++)
            {
                double sd = Math.Exp(rng.NextNormal(-1, 0.5));
                draws.Chain(0, c)[i] = rng.NextNormal(1, 0.1);
                draws.Chain(1, c)[i] = sd;
                draws.Chain(2, c)[i] = sd * rng.NextStandardNormal();
                draws.Chain(3, c)[i] = rng.NextDouble() < 0.001 ? 1 : 0;
            }
        }
        string dir = NewDirectory();
        long trace = new FileInfo(PlotFile.Save(TracePlot.Create(draws, "b_Intercept"), Path.Combine(dir, "trace"))).Length;
        long funnel = new FileInfo(PlotFile.Save(FunnelPlot.Create(draws, "sd_g__Intercept", "r_g[1,Intercept]"), Path.Combine(dir, "funnel"))).Length;
        long density = new FileInfo(PlotFile.Save(DensityOverlayPlot.Create(draws, "b_Intercept"), Path.Combine(dir, "density"))).Length;
        Assert.InRange(trace, 1_000, 400_000);
        Assert.InRange(funnel, 1_000, 600_000);
        Assert.InRange(density, 1_000, 100_000);
    }
}
