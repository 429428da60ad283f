// The plots' font: DejaVu Sans from the system, or the copy bundled with this assembly where the system has none.
using ScottPlot;
using SkiaSharp;

namespace BayesGlmm.Plotting;

/// <summary>
/// Makes sure every plot's text is drawn in <see cref="PlotTheme.FontName"/>. The system's copy is used where Skia's
/// font manager finds one (it scans /usr/share/fonts on Linux); where it does not, as on a bare server or container
/// without fonts, the copy of DejaVu Sans 2.37 bundled in this assembly is registered with ScottPlot, so that the plots
/// keep their titles, labels and tick labels instead of being drawn without text.
/// </summary>
public static class PlotFonts
{
    /// <summary>The bundled font file's resource name (Fonts/DejaVuSans.ttf).</summary>
    private const string ResourceName = "BayesGlmm.Plotting.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<bool> UsesBundled = new(Register);

    /// <summary>
    /// Registers the bundled font if the system has no <see cref="PlotTheme.FontName"/> (once per process; every later
    /// call returns at once). Returns whether the bundled copy is in use.
    /// </summary>
    public static bool Ensure() => UsesBundled.Value;

    /// <summary>A new typeface of the bundled DejaVu Sans.</summary>
    public static SKTypeface Bundled()
    {
        using var stream = typeof(PlotFonts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(PlotFonts).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is not a font Skia can read.");
    }

    /// <summary>Whether Skia's font manager has a typeface of <paramref name="family"/>.</summary>
    public static bool SystemHas(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family, SKFontStyle.Normal);
        return typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Register()
    {
        if (SystemHas(PlotTheme.FontName)) return false;
        Fonts.FontResolvers.Insert(0, new BundledResolver(Bundled()));
        return true;
    }

    /// <summary>Resolves <see cref="PlotTheme.FontName"/>, in every weight and slant, to the bundled typeface.</summary>
    private sealed class BundledResolver(SKTypeface typeface) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            Matches(fontName) ? typeface : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            Matches(fontName) ? typeface : null;

        private static bool Matches(string fontName) =>
            string.Equals(fontName, PlotTheme.FontName, StringComparison.OrdinalIgnoreCase);
    }
}
