// Saving a plot as SVG (and optionally PNG), atomically.
using ScottPlot;

namespace BayesGlmm.Plotting;

/// <summary>Writes plots to disk as SVG, and PNG when asked, through a temporary file renamed into place.</summary>
public static class PlotFile
{
    /// <summary>
    /// Saves <paramref name="plot"/> as <c>{pathWithoutExtension}.svg</c> (and <c>.png</c> when
    /// <paramref name="png"/>), returning the SVG path.
    /// </summary>
    public static string Save(Plot plot, string pathWithoutExtension, bool png = false,
        int width = PlotTheme.Width, int height = PlotTheme.Height)
    {
        string? dir = Path.GetDirectoryName(pathWithoutExtension);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string svg = pathWithoutExtension + ".svg";
        string tmp = svg + ".tmp";
        File.WriteAllText(tmp, plot.GetSvgXml(width, height));
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
}
