// `bayesglmm fit`: fits a model from a model file or from flags and writes the output directory.
using System.CommandLine;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>fit</c> command.</summary>
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
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var s = new Symbols();
        var command = new Command("fit", "Fit a model with NUTS and write summary.csv, chain-N.csv (CmdStan layout), draws.csv, fit.json, plots and report.html.");
        s.Model.AddTo(command);
        foreach (Option option in new Option[] { s.OutOption, s.ForceOption, s.QuietOption, s.PngOption, s.NoPlotsOption }) command.Options.Add(option);
        command.SetAction(parse => Execute(parse, s));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = s.Model.Resolve(parse, "fit");
        settings.Validate();
        string outDirectory = parse.GetValue(s.OutOption) ?? Path.Combine("out", spec.Name);
        bool png = parse.GetValue(s.PngOption);
        var outputOptions = new FitOutputOptions(outDirectory, parse.GetValue(s.ForceOption))
        {
            WriteExtras = parse.GetValue(s.NoPlotsOption) ? null : (fit, model) => Reporting.FitReportWriter.Write(fit, model, png),
        };
        OutputDirectory.CheckAvailable(outputOptions.Directory, outputOptions.Force);

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            if (!cancellation.IsCancellationRequested) error.WriteLine("Interrupted: finishing the draws made so far (press Ctrl-C again to abort).");
            else Environment.Exit(130);
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            bool quiet = parse.GetValue(s.QuietOption);
            bool terminal = !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            FitResult result;
            if (quiet)
                result = FitService.Run(spec, settings, outputOptions, null, cancellation.Token);
            else if (terminal)
                result = TerminalProgress.Run(settings.Chains, progress => FitService.Run(spec, settings, outputOptions, progress, cancellation.Token));
            else
                result = FitService.Run(spec, settings, outputOptions, new ProgressLog(error), cancellation.Token);
            output.Write(result.SummaryText);
            output.WriteLine();
            output.WriteLine($"Output written to {result.Directory}");
            return Program.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
