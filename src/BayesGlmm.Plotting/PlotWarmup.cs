// Warming the plotting path (the font, the first renders) on the thread pool while a fit is still being set up.
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Plotting;

/// <summary>
/// Pays the one-off costs of a process's first plots ahead of time: Skia's font manager, which on Linux opens every
/// font file under /usr/share/fonts with FreeType before it can find the first typeface, and the compilation of the
/// rendering code that ReadyToRun leaves to the JIT. A fit starts it while it reads the data, builds the model and
/// samples on one core, so that the plots find both done.
/// </summary>
/// <remarks>
/// The warm-up writes nothing and changes no output: it renders a trace, a rank overlay and a density plot of made-up
/// draws into memory and discards them (Skia's clip-path counter, the only process-wide state a render advances, is
/// renamed away in every saved file, <see cref="PlotFile.StableClipIds"/>). Skia and ScottPlot guard their one-off
/// initialisation, so a plot drawn while the warm-up runs simply waits for the font. A failure here is not reported:
/// the same code runs again for the real plots, which report it.
/// </remarks>
public static class PlotWarmup
{
    /// <summary>Draws per chain of the made-up draws (enough for every plot kind's code path, cheap to render).</summary>
    private const int Iterations = 64;

    /// <summary>Starts <see cref="Run"/> on the thread pool.</summary>
    public static Task Start() => Task.Run(Run);

    /// <summary>Renders the three plot kinds of every parameter into memory; returns the documents' total length.</summary>
    public static int Run()
    {
        try
        {
            var draws = MadeUpDraws();
            return PlotFile.Render(TracePlot.Create(draws, "b")).Length
                + PlotFile.Render(RankOverlayPlot.Create(draws, "b")).Length
                + PlotFile.Render(DensityOverlayPlot.Create(draws, "b")).Length;
        }
        catch (Exception)
        {
            // Only an early start of work that is done again for the real plots; they report any failure.
            return 0;
        }
    }

    /// <summary>Two chains of a smooth deterministic sequence for a variable <c>b</c>, with no divergences.</summary>
    private static Draws MadeUpDraws()
    {
        var draws = new Draws(["b", "divergent__"], 2, Iterations);
        for (int c = 0; c < draws.ChainCount; c++)
        {
            var chain = draws.Chain(0, c);
            for (int i = 0; i < chain.Length; i++) chain[i] = Math.Sin(0.37 * i + c) + 0.01 * i;
        }
        return draws;
    }
}
