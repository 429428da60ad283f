// Saving a plot as SVG (and optionally PNG), atomically, with one layout pass and one SVG render.
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace BayesGlmm.Plotting;

/// <summary>Writes plots to disk as SVG, and PNG when asked, through a temporary file renamed into place.</summary>
/// <remarks>
/// A fresh ScottPlot plot renders twice the first time (the first pass sets the axis limits, which asks for a
/// second), so ScottPlot 5.1's own <c>Plot.GetSvgXml</c> first renders the whole plot into a raster image, then into
/// the SVG canvas, and then copies the document through a string: three full renders, two of them rasterised. Here the
/// settling pass draws onto <see cref="SKNoDrawCanvas"/> (the same layout, ticks and limits, no pixels), and the SVG
/// canvas renders into memory: the SVG is the same document (the same elements; only the generated clip-path ids
/// differ), at about a quarter of the CPU time. Skia names a clip path after a counter shared by the whole process, so
/// its ids depend on what else was drawn before and concurrently; they are renamed after the file and numbered in order
/// of appearance (<c>trace_b_Intercept-clip0</c>, ...), so that a plot's file is the same on every run and its ids stay
/// unique among the plots of one report.
/// </remarks>
public static partial class PlotFile
{
    /// <summary>
    /// Saves <paramref name="plot"/> as <c>{pathWithoutExtension}.svg</c> (and <c>.png</c> when
    /// <paramref name="png"/>), returning the SVG path.
    /// </summary>
    public static string Save(Plot plot, string pathWithoutExtension, bool png = false,
        int width = PlotTheme.Width, int height = PlotTheme.Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        string? dir = Path.GetDirectoryName(pathWithoutExtension);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        Settle(plot, width, height);
        string svg = pathWithoutExtension + ".svg";
        string tmp = svg + ".tmp";
        WriteSvg(plot, tmp, Path.GetFileName(pathWithoutExtension), width, height);
        File.Move(tmp, svg, overwrite: true);
        if (png)
        {
            string pngPath = pathWithoutExtension + ".png";
            string pngTmp = pngPath + ".tmp";
            File.WriteAllBytes(pngTmp, plot.GetImageBytes(width, height, ImageFormat.Png));
            File.Move(pngTmp, pngPath, overwrite: true);
        }
        return svg;
    }

    /// <summary>Renders onto a canvas that draws nothing, so that the axis limits, ticks and layout settle.</summary>
    private static void Settle(Plot plot, int width, int height)
    {
        using var canvas = new SKNoDrawCanvas(width, height);
        plot.Render(canvas, width, height);
    }

    /// <summary>Renders once into an SVG canvas and writes the document, with its clip-path ids renamed after <paramref name="name"/>, to <paramref name="path"/>.</summary>
    private static void WriteSvg(Plot plot, string path, string name, int width, int height) =>
        File.WriteAllText(path, StableClipIds(RenderSvg(plot, width, height), name), new UTF8Encoding(false));

    /// <summary>
    /// The SVG document of <paramref name="plot"/> as <see cref="Save"/> writes it, before the clip-path ids are
    /// renamed: the settling pass, then one render into an SVG canvas in memory.
    /// </summary>
    internal static string Render(Plot plot, int width = PlotTheme.Width, int height = PlotTheme.Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        Settle(plot, width, height);
        return RenderSvg(plot, width, height);
    }

    /// <summary>One render of a settled plot into an SVG canvas in memory.</summary>
    private static string RenderSvg(Plot plot, int width, int height)
    {
        bool clear = plot.RenderManager.ClearCanvasBeforeEachRender;
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        string svg;
        try
        {
            using var memory = new SKDynamicMemoryWStream();
            // The document is complete only once the canvas is disposed, before the stream.
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), memory))
                plot.Render(canvas, width, height);
            using var data = memory.DetachAsData();
            svg = Encoding.UTF8.GetString(data.Span);
        }
        finally
        {
            plot.RenderManager.ClearCanvasBeforeEachRender = clear;
        }
        return svg;
    }

    /// <summary>
    /// <paramref name="svg"/> with each of Skia's clip-path ids (<c>cl_</c> and a process-wide hexadecimal counter, in
    /// <c>id="..."</c> and <c>url(#...)</c>) replaced by <c>{prefix}-clip{k}</c>, k counting the distinct ids in order of appearance.
    /// </summary>
    public static string StableClipIds(string svg, string prefix)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return SkiaClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? id)) ids[m.Value] = id = $"{prefix}-clip{ids.Count}";
            return id;
        });
    }

    [GeneratedRegex(@"(?<=id=""|url\(#)cl_[0-9a-f]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex SkiaClipId();
}
