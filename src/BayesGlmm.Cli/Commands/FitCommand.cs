// `bayesglmm fit`: fits a model from a model file or from flags and writes the output directory.
using System.CommandLine;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.PriorGrids;
using BayesGlmm.Reports;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>fit</c> command.</summary>
/// <remarks>
/// With <c>--prior-grid FILE</c> the model is also refitted under each prior set of the file (refit sensitivity,
/// <see cref="PriorGridService"/>): every set's model is built before any sampling, so a bad set stops the run with
/// no output; the set fits run first into a hidden staging directory beside the output, and move to
/// <c>DIR/grid/SET/</c> while the model's own fit is being completed, so that DIR appears only with every fit,
/// <c>prior-grid.csv</c> and the report section.
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
        public readonly Option<double?> ProbOption = OptionChecks.Probability("--prob",
            "The probability of the printed summary's central intervals (default 0.95, as brms; summary.csv keeps q5, q50 and q95).");
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
        foreach (Option option in new Option[] { s.OutOption, s.ForceOption, s.QuietOption, s.PngOption, s.NoPlotsOption, s.ProbOption, s.PriorGridOption, s.PriorGridAllOption })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse, s, cancellation)));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = s.Model.Resolve(parse, "fit");
        string outDirectory = parse.GetValue(s.OutOption) ?? Path.Combine("out", spec.Name);
        bool png = parse.GetValue(s.PngOption), noPlots = parse.GetValue(s.NoPlotsOption), quiet = parse.GetValue(s.QuietOption), force = parse.GetValue(s.ForceOption);
        double probability = parse.GetValue(s.ProbOption) ?? Reporting.FitSummaryText.DefaultProbability;
        string? gridFile = parse.GetValue(s.PriorGridOption);
        OutputChecks.Available(outDirectory, force);

        var prepared = ModelComposition.Prepare(spec);
        foreach (string warning in prepared.Warnings) error.WriteLine($"Warning: {warning}");
        var gridSets = gridFile is null ? null : PriorGridFile.Load(gridFile);
        var gridModels = gridSets is null ? null : PriorGridModels.Prepare(spec, gridSets, gridFile!);
        OutputChecks.ReportLeftovers(outDirectory, error);

        using var notice = cancellation.Register(() => error.WriteLine("Finishing the draws made so far."));
        using var staging = gridModels is null ? null : PriorGridService.Stage(outDirectory);
        bool terminal = !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        T WithProgress<T>(Func<IProgress<FitProgress>?, T> work) =>
            quiet ? work(null) : terminal ? TerminalProgress.Run(settings.Chains, progress => work(progress)) : work(new ProgressLog(error));

        var gridFits = new List<PriorSetFit>();
        if (gridModels is not null)
        {
            for (int i = 0; i < gridModels.Count; i++)
            {
                var (set, model) = gridModels[i];
                if (!quiet) error.WriteLine($"Prior set '{set.Name}' ({i + 1} of {gridModels.Count}): {string.Join("; ", set.Priors)}");
                var setFit = WithProgress(progress => PriorGridService.FitSets([gridModels[i]], settings, staging!.Path, _ => progress, cancellation)[0]);
                foreach (string warning in setFit.Warnings) error.WriteLine($"Warning (prior set '{set.Name}'): {warning}");
                gridFits.Add(setFit);
            }
            if (!quiet) error.WriteLine("The model's own priors:");
        }

        PriorGridResult? grid = null;
        var outputOptions = new FitOutputOptions(outDirectory, force)
        {
            WriteExtras = fit =>
            {
                if (gridSets is not null)
                {
                    grid = PriorGridService.Combine(fit, gridSets, gridFits, parse.GetValue(s.PriorGridAllOption));
                    PriorGridService.Write(grid, fit.Directory!);
                }
                if (!noPlots) FitReportWriter.Write(fit, png, grid);
            },
        };
        var fitted = WithProgress(progress => FitService.Run(prepared, settings, outputOptions, progress, cancellation));
        output.Write(fitted.FormatSummary(probability));
        output.WriteLine();
        if (grid is not null)
        {
            output.Write(PriorGridText.Format(grid));
            output.WriteLine();
        }
        output.WriteLine($"Output written to {fitted.Directory}");
        if (!fitted.Cancelled) return Program.Success;
        error.WriteLine("Interrupted: the output holds the draws made before the interruption.");
        return Program.Interrupted;
    }
}
