// `bayesglmm plot`: regenerates the plots and the report of a fit's output directory.
using System.CommandLine;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Cli.Reporting;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

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
        command.SetAction(parse => Execute(parse, parse.GetValue(directoryArgument)!, parse.GetValue(pngOption)));
        return command;
    }

    private static int Execute(ParseResult parse, string directory, bool png)
    {
        var fit = FitDirectory.Load(directory);
        IStatisticalModel? model = FitDirectory.TryRebuildModel(fit.Record);
        FitReportWriter.Write(fit, model, png);
        parse.InvocationConfiguration.Output.WriteLine($"Plots written to {Path.Combine(directory, "plots")} and the report to {Path.Combine(directory, "report.html")}");
        return Program.Success;
    }
}

/// <summary>Reads a fit's output directory back: fit.json, the chain files, the summary and diagnostics.</summary>
internal static class FitDirectory
{
    /// <summary>The fit in <paramref name="directory"/>; a missing or unreadable directory is an InputException.</summary>
    public static FitResult Load(string directory)
    {
        string fitJson = Path.Combine(directory, "fit.json");
        if (!File.Exists(fitJson))
            throw new InputException($"{directory}: not a fit's output directory (no fit.json); give the directory that bayesglmm fit wrote.");
        var record = FitJson.Read(fitJson);
        var files = record.Chains.Select(c => CmdStanCsvReader.Read(Path.Combine(directory, c.File))).ToArray();
        var draws = CmdStanCsvReader.ToDraws(files, FitJson.ColumnNames(record));
        var summary = PosteriorSummary.Compute(draws);
        var diagnostics = FitDiagnostics.Compute(draws, summary, record.Settings.MaxTreedepth, record.Settings.AdaptDelta);
        return new FitResult
        {
            Directory = directory,
            Draws = draws,
            Summary = summary,
            Diagnostics = diagnostics,
            Record = record,
            SummaryText = "",
            Cancelled = record.Cancelled,
        };
    }

    /// <summary>The fitted model rebuilt from its record and data file, or null when the data file is gone.</summary>
    public static IStatisticalModel? TryRebuildModel(FitRecord record)
    {
        if (!File.Exists(record.Data.File)) return null;
        var priors = record.Model.Priors.Where(p => !p.IsDefault).Select(p => $"{p.Parameter} ~ {p.Prior}").ToArray();
        var spec = new ModelSpec(record.Model.Name, record.Data.File, record.Model.Formula, record.Model.Family, priors, record.Model.Factors);
        return ModelComposition.Prepare(spec).Model;
    }
}
