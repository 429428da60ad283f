using BayesGlmm.Plotting.Report;

namespace BayesGlmm.Plotting.Tests;

public sealed class HtmlReportTests
{
    [Fact]
    public void ReportIsSelfContainedWithInlineSvg()
    {
        var draws = SyntheticFit.Create(iterations: 100, levels: 5);
        string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-report-" + Guid.NewGuid().ToString("N"));
        var plot = TracePlot.Create(draws, "b_Intercept");
        string svg = PlotFile.Save(plot, Path.Combine(dir, "trace"));
        var report = new HtmlReport("radon <model>")
            .Heading("Summary")
            .Table(["variable", "mean"], [["b_Intercept", "1.49"], ["sigma", "0.76"]])
            .Warnings(["2 divergent transitions"])
            .SvgFile(svg, "Trace of b_Intercept");
        string path = Path.Combine(dir, "report.html");
        report.Save(path);
        string html = File.ReadAllText(path);
        Assert.Contains("<svg", html);
        Assert.Contains("radon &lt;model&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<?xml", html);
    }

    [Fact]
    public void PartsAppendedInOrderGiveTheSameDocumentAsWritingInPlace()
    {
        var direct = new HtmlReport("fit").Heading("Model").Paragraph("a").Heading("Checks").Table(["x"], [["1"]]).Heading("Sensitivity").Paragraph("b", "ok");
        var checks = HtmlReport.Part().Heading("Checks").Table(["x"], [["1"]]);
        var sensitivity = HtmlReport.Part().Heading("Sensitivity").Paragraph("b", "ok");
        var assembled = new HtmlReport("fit").Heading("Model").Paragraph("a").Append(checks).Append(sensitivity);
        Assert.Equal(direct.ToString(), assembled.ToString());
        Assert.DoesNotContain("<h1>", checks.ToString().Split("<main>")[1], StringComparison.Ordinal);
    }
}
