// `bayesglmm plot`: regenerates the plots and the report of a fit's output directory.
using System.CommandLine;
using BayesGlmm.Fitting;
using BayesGlmm.PriorGrids;
using BayesGlmm.Reports;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>plot</c> command.</summary>
internal static class PlotCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var directoryArgument = new Argument<string>("DIR") { Description = "A fit's output directory (with fit.json and chain-N.csv)." };
        var pngOption = new Option<bool>("--png") { Description = "Also write PNG files beside the SVG files." };
        var command = new Command("plot", "Regenerate plots/*.svg and report.html from a fit's output directory.") { directoryArgument, pngOption };
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(directoryArgument)!;
            FitReportWriter.Write(FitDirectory.Load(directory), parse.GetValue(pngOption), PriorGridResult.TryLoad(directory));
            parse.InvocationConfiguration.Output.WriteLine($"Plots written to {Path.Combine(directory, "plots")} and the report to {Path.Combine(directory, "report.html")}");
            return Program.Success;
        });
        return command;
    }
}
