// Writes an SBC study's plots (ECDF difference with bands, rank histogram per quantity) and report.html.
using System.Globalization;
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;

namespace BayesGlmm.Reports;

/// <summary>The plots and the self-contained report of a study, in its directory.</summary>
public static class SbcReportWriter
{
    /// <summary>Writes <c>plots/</c> and <c>report.html</c> into <see cref="SbcStudyResult.Directory"/>.</summary>
    public static void Write(SbcStudyResult result, string title, bool png)
    {
        string plots = Path.Combine(result.Directory, "plots");
        var c = CultureInfo.InvariantCulture;
        var report = new HtmlReport(title);
        int flagged = result.Simulations.Count(s => s.HasProblems), failed = result.Simulations.Count(s => s.Error is not null);
        report.Paragraph($"{result.Simulations.Count} simulations; {flagged} fits with sampler problems (kept and flagged); {failed} failed fits (left out of the tests).");
        report.Warnings(result.Warnings);
        report.Heading("Uniformity of the ranks");
        report.Paragraph("Each quantity's ranks are tested against the discrete uniform distribution with the simultaneous 95% ECDF band of " +
                         "Säilynoja, Bürkner & Vehtari (2022): 'ok' when the ECDF stays inside the band everywhere, 'miscalibrated' otherwise.");
        report.Table(["variable", "p_value", "verdict", "simulations", "max_rank", "points outside band"],
            result.Uniformity.Select(u => (IReadOnlyList<string>)
            [
                u.Variable, u.Result.PValue.ToString("G3", c), u.Result.Verdict == CalibrationVerdict.Ok ? "ok" : "miscalibrated",
                u.Result.Band.SimulationCount.ToString(c), u.Result.MaxRank.ToString(c), u.Result.OutsideCount.ToString(c),
            ]));
        foreach (var row in result.Uniformity)
        {
            var u = row.Result;
            string stem = FitPlots.FileStem(row.Variable);
            string ecdf = PlotFile.Save(EcdfDifferencePlot.Create(row.Variable, u.GridPoints(), u.EcdfDifferences(), u.LowerDifferences(),
                u.UpperDifferences(), u.Band.SimulationCount), Path.Combine(plots, $"ecdf_diff_{stem}"), png);
            string hist = PlotFile.Save(RankHistogramPlot.Create(row.Variable, result.RanksOf(row.Variable), u.MaxRank),
                Path.Combine(plots, $"rank_hist_{stem}"), png);
            report.Heading(row.Variable);
            report.SvgFile(ecdf, $"ECDF difference of the ranks of {row.Variable} with the 95% simultaneous band");
            report.SvgFile(hist, $"Rank histogram of {row.Variable}");
        }
        report.Save(Path.Combine(result.Directory, "report.html"));
    }
}
