// `bayesglmm fit`: fits a model from a model file or from flags and writes the output directory.
using System.CommandLine;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Plotting;
using BayesGlmm.PriorGrids;
using BayesGlmm.Reports;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>fit</c> command.</summary>
/// <remarks>
/// With <c>--prior-grid FILE</c> the model is also refitted under each prior set of the file (refit sensitivity,
/// <see cref="PriorGridService.Run"/>): every set's model is built before any sampling, so a bad set stops the run with
/// no output.
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
        public readonly Option<bool> PriorOnlyOption = new("--prior-only")
        {
            Description = "Sample the prior alone, the likelihood switched off (brms's sample_prior = \"only\"); the report then shows the prior predictive check.",
        };
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var s = new Symbols();
        var command = new Command("fit", "Fit a model with NUTS and write summary.csv, chain-N.csv (CmdStan layout), draws.csv, fit.json, plots and report.html.");
        s.Model.AddTo(command);
        foreach (Option option in new Option[] { s.OutOption, s.ForceOption, s.QuietOption, s.PngOption, s.NoPlotsOption, s.ProbOption, s.PriorGridOption, s.PriorGridAllOption, s.PriorOnlyOption })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse, s, cancellation)));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        // The first plot's one-off costs (the font, compiling the renderer) on the idle core while the model is built.
        if (!parse.GetValue(s.NoPlotsOption)) PlotWarmup.Start();
        var (spec, settings) = s.Model.Resolve(parse, "fit");
        if (parse.GetValue(s.PriorOnlyOption)) spec = spec with { PriorOnly = true };
        string outDirectory = parse.GetValue(s.OutOption) ?? Path.Combine("out", spec.Name);
        bool png = parse.GetValue(s.PngOption), noPlots = parse.GetValue(s.NoPlotsOption), quiet = parse.GetValue(s.QuietOption), force = parse.GetValue(s.ForceOption);
        double probability = parse.GetValue(s.ProbOption) ?? Reporting.FitSummaryText.DefaultProbability;
        string? gridFile = parse.GetValue(s.PriorGridOption);
        OutputChecks.Available(outDirectory, force);

        var stages = FitStages.SinceProcessStart();
        var prepared = ModelComposition.Prepare(spec, stages);
        foreach (string warning in prepared.Warnings) error.WriteLine($"Warning: {warning}");
        var gridSets = gridFile is null ? null : PriorGridFile.Load(gridFile);
        var gridModels = gridSets is null ? null : PriorGridModels.Prepare(spec, gridSets, gridFile!);
        OutputChecks.ReportLeftovers(outDirectory, error);

        using var notice = cancellation.Register(() => error.WriteLine("Finishing the draws made so far."));
        bool terminal = !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        FitResult Watch(string label, Func<IProgress<FitProgress>?, FitResult> fit)
        {
            if (quiet) return fit(null);
            if (label.Length > 0) error.WriteLine(label);
            return terminal ? TerminalProgress.Run(settings.Chains, fit) : fit(new ProgressLog(error));
        }

        var outputOptions = new FitOutputOptions(outDirectory, force) { Stages = stages };
        FitResult fitted;
        PriorGridResult? grid = null;
        if (gridSets is null)
        {
            fitted = Watch("", progress => FitService.Run(prepared, settings,
                outputOptions with { WriteExtras = noPlots ? null : fit => FitReportWriter.Write(fit, png) }, progress, cancellation));
        }
        else
        {
            (fitted, grid) = PriorGridService.Run(prepared, gridSets, gridModels!, settings, outputOptions, parse.GetValue(s.PriorGridAllOption),
                noPlots ? null : (fit, g) => FitReportWriter.Write(fit, png, g), Watch, cancellation);
            foreach (var set in grid.Sets)
                foreach (string warning in grid.Warnings.GetValueOrDefault(set.Name) ?? [])
                    error.WriteLine($"Warning (prior set '{set.Name}'): {warning}");
        }
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
