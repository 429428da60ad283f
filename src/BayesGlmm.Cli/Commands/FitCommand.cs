// `bayesglmm fit`: fits a model from a model file or from flags and writes the output directory.
using System.CommandLine;
using BayesGlmm.Cli.Reporting;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.PriorGrids;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>fit</c> command.</summary>
/// <remarks>
/// With <c>--prior-grid FILE</c> the model is also refitted under each prior set of the file (refit sensitivity):
/// every set's model is built before any sampling, so a bad set stops the run with no output; the set fits run
/// first into a hidden staging directory beside the output, and move to <c>DIR/grid/SET/</c> while the model's own
/// fit is being completed, so that DIR appears only with every fit, <c>prior-grid.csv</c> and the report section.
/// </remarks>
internal static class FitCommand
{
    /// <summary>The command's argument and options (one set per command instance).</summary>
    private sealed class Symbols
    {
        public readonly ModelOptions Model = new();
        public readonly Option<string?> OutOption = new("--out") { Description = "The output directory (default out/NAME)." };
        public readonly Option<bool> ForceOption = new("--force") { Description = "Replace the output directory if it exists." };
        public readonly Option<bool> QuietOption = new("--quiet") { Description = "Show no progress." };
        public readonly Option<bool> PngOption = new("--png") { Description = "Also write PNG files beside the SVG plots." };
        public readonly Option<bool> NoPlotsOption = new("--no-plots") { Description = "Write no plots and no report (faster for large models)." };
        public readonly Option<string?> PriorGridOption = new("--prior-grid")
        {
            Description = "A JSON file of named prior sets, e.g. {\"wide\": [\"b ~ normal(0, 100)\"]}: refit under each set (its statements replace the model's priors with the same target) into DIR/grid/SET and compare.",
        };
        public readonly Option<bool> PriorGridAllOption = new("--prior-grid-all") { Description = "Also list the group-level effects r_* in the prior grid's table and plots." };
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var s = new Symbols();
        var command = new Command("fit", "Fit a model with NUTS and write summary.csv, chain-N.csv (CmdStan layout), draws.csv, fit.json, plots and report.html.");
        s.Model.AddTo(command);
        foreach (Option option in new Option[] { s.OutOption, s.ForceOption, s.QuietOption, s.PngOption, s.NoPlotsOption, s.PriorGridOption, s.PriorGridAllOption })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse, s, cancellation)));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = s.Model.Resolve(parse, "fit");
        settings.Validate();
        string outDirectory = parse.GetValue(s.OutOption) ?? Path.Combine("out", spec.Name);
        bool png = parse.GetValue(s.PngOption), noPlots = parse.GetValue(s.NoPlotsOption), quiet = parse.GetValue(s.QuietOption);
        string? gridFile = parse.GetValue(s.PriorGridOption);
        OutputDirectory.CheckAvailable(outDirectory, parse.GetValue(s.ForceOption));

        var stages = FitStages.SinceProcessStart();
        var prepared = ModelComposition.Prepare(spec, stages);
        foreach (string warning in prepared.Warnings) error.WriteLine($"Warning: {warning}");
        var gridSets = gridFile is null ? null : PriorGridFile.Load(gridFile);
        var gridModels = gridSets is null ? null : PriorGridModels.Prepare(spec, gridSets, gridFile!);

        using var notice = cancellation.Register(() => error.WriteLine("Finishing the draws made so far."));
        string? staging = gridModels is null ? null : StagingDirectory(outDirectory);
        try
        {
            bool terminal = !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            FitResult Sample(PreparedModel model, FitOutputOptions options) =>
                quiet ? FitService.Run(model, settings, options, null, cancellation)
                : terminal ? TerminalProgress.Run(settings.Chains, progress => FitService.Run(model, settings, options, progress, cancellation))
                : FitService.Run(model, settings, options, new ProgressLog(error), cancellation);

            var gridFits = new List<(string Set, IReadOnlyList<Analysis.Summaries.SummaryRow> Summary)>();
            var gridWarnings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (gridModels is not null)
            {
                for (int i = 0; i < gridModels.Count; i++)
                {
                    var (set, model) = gridModels[i];
                    if (!quiet) error.WriteLine($"Prior set '{set.Name}' ({i + 1} of {gridModels.Count}): {string.Join("; ", set.Priors)}");
                    var result = Sample(model, new FitOutputOptions(Path.Combine(staging!, set.Name)));
                    if (result.Cancelled || cancellation.IsCancellationRequested)
                        throw new OperationCanceledException("Interrupted during the prior grid's fits; no output was written.");
                    foreach (string warning in result.Diagnostics.Warnings) error.WriteLine($"Warning (prior set '{set.Name}'): {warning}");
                    gridFits.Add((set.Name, result.Summary));
                    gridWarnings[set.Name] = result.Diagnostics.Warnings;
                }
                if (!quiet) error.WriteLine("The model's own priors:");
            }

            PriorGridReport? grid = null;
            var outputOptions = new FitOutputOptions(outDirectory, parse.GetValue(s.ForceOption))
            {
                Stages = stages,
                WriteExtras = (fit, model) =>
                {
                    if (gridSets is not null)
                    {
                        Directory.Move(staging!, Path.Combine(fit.Directory, "grid"));
                        var rows = PriorGridTable.Rows([(PriorGridFile.ModelSetName, fit.Summary), .. gridFits], parse.GetValue(s.PriorGridAllOption));
                        PriorGridTable.Write(Path.Combine(fit.Directory, "prior-grid.csv"), rows);
                        File.Copy(gridFile!, Path.Combine(fit.Directory, "prior-grid.json"));
                        grid = new PriorGridReport(gridSets, rows, gridWarnings);
                    }
                    if (!noPlots) FitReportWriter.Write(fit, model, png, grid);
                },
            };
            var fitted = Sample(prepared, outputOptions);
            output.Write(fitted.SummaryText);
            output.WriteLine();
            if (grid is not null)
            {
                output.Write(PriorGridSection.Format(grid));
                output.WriteLine();
            }
            output.WriteLine($"Output written to {fitted.Directory}");
            return fitted.Cancelled ? Program.Interrupted : Program.Success;
        }
        finally
        {
            if (staging is not null && Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>A hidden sibling of the output directory for the prior grid's fits until the output is complete.</summary>
    private static string StagingDirectory(string outDirectory)
    {
        string full = Path.GetFullPath(outDirectory).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(parent, "." + Path.GetFileName(full) + ".grid-" + Guid.NewGuid().ToString("N")[..8]);
    }
}
