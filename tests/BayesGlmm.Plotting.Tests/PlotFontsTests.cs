using SkiaSharp;

namespace BayesGlmm.Plotting.Tests;

public sealed class PlotFontsTests
{
    [Fact]
    public void TheBundledFontIsDejaVuSansWithTheGlyphsOfThePlots()
    {
        using var typeface = PlotFonts.Bundled();
        Assert.Equal(PlotTheme.FontName, typeface.FamilyName);
        using var font = new SKFont(typeface, 13);
        // Tick labels, names with Greek letters and subscripts, the minus sign.
        const string text = "b_Intercept sd_herd__Intercept 0.25 −1.5e-3 σ μ";
        var glyphs = font.GetGlyphs(text);
        Assert.DoesNotContain((ushort)0, glyphs);
        Assert.True(font.MeasureText(text) > 100);
    }

    [Fact]
    public void PlotsHaveTextWhetherTheFontIsTheSystemsOrTheBundledCopy()
    {
        // The bundled copy is registered only where the system lacks the font; either way the labels are drawn.
        bool bundled = PlotFonts.Ensure();
        Assert.Equal(!PlotFonts.SystemHas(PlotTheme.FontName), bundled);
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-fonts-" + Guid.NewGuid().ToString("N"));
        string svg = File.ReadAllText(PlotFile.Save(TracePlot.Create(SyntheticFit.Create(), "b_Intercept"), Path.Combine(dir, "trace")));
        Assert.Contains("font-family=\"DejaVu Sans\"", svg);
        Assert.Contains("Trace of b_Intercept", svg);
    }
}
