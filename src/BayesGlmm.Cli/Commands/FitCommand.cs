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
        public readonly Argument<string?> ModelArgument = new("MODEL")
        {
            Description = "A model file (JSON: name, data, formula, family, priors, factors, sampler settings), e.g. models/radon.json.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        public readonly Option<string?> DataOption = new("--data") { Description = "The data file (CSV with a header row), instead of a model file." };
        public readonly Option<string?> FormulaOption = new("--formula") { Description = "The model formula in lme4/brms syntax, e.g. \"y ~ x + (1 | g)\"." };
        public readonly Option<string?> FamilyOption = new("--family") { Description = "The family and link, e.g. gaussian, poisson, \"binomial(probit)\" (default gaussian)." };
        public readonly Option<string[]> PriorOption = new("--prior") { Description = "A prior, e.g. \"b ~ normal(0, 5)\" (repeat for several)." };
        public readonly Option<string[]> FactorOption = new("--factor") { Description = "A column to treat as categorical (repeat for several)." };
        public readonly Option<string?> NameOption = new("--name") { Description = "The model's name in the outputs." };
        public readonly Option<int?> ChainsOption = new Option<int?>("--chains") { Description = "Number of chains (default 4)." }.Positive();
        public readonly Option<int?> WarmupOption = new Option<int?>("--warmup") { Description = "Warmup iterations per chain (default 1000)." }.Positive();
        public readonly Option<int?> DrawsOption = new Option<int?>("--draws") { Description = "Draws per chain after warmup (default 1000)." }.Positive();
        public readonly Option<ulong?> SeedOption = new("--seed") { Description = "Random seed (default 1); the same seed gives the same draws." };
        public readonly Option<double?> AdaptDeltaOption = new Option<double?>("--adapt-delta") { Description = "Target acceptance statistic of the step-size adaptation (default 0.8)." }.OpenUnitInterval();
        public readonly Option<int?> TreeDepthOption = new Option<int?>("--max-treedepth") { Description = "Maximum tree depth of NUTS (default 10)." }.Positive();
        public readonly Option<string?> MetricOption = new("--metric") { Description = "The metric adapted in warmup: diag or dense (default diag)." };
        public readonly Option<int?> ThreadsOption = new Option<int?>("--threads") { Description = "Threads for the chains (default: all cores)." }.Positive();
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
        s.MetricOption.AcceptOnlyFromAmong("diag", "dense");
        var command = new Command("fit", "Fit a model with NUTS and write summary.csv, chain-N.csv (CmdStan layout), draws.csv and fit.json.")
        {
            s.ModelArgument, s.DataOption, s.FormulaOption, s.FamilyOption, s.PriorOption, s.FactorOption, s.NameOption,
            s.ChainsOption, s.WarmupOption, s.DrawsOption, s.SeedOption, s.AdaptDeltaOption, s.TreeDepthOption, s.MetricOption, s.ThreadsOption,
            s.OutOption, s.ForceOption, s.QuietOption, s.PngOption, s.NoPlotsOption,
        };
        command.SetAction(parse => Execute(parse, s));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = Resolve(parse, s);
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

    /// <summary>The model and settings from a model file and/or flags (flags win).</summary>
    private static (ModelSpec Spec, FitSettings Settings) Resolve(ParseResult parse, Symbols s)
    {
        string? modelPath = parse.GetValue(s.ModelArgument);
        string? data = parse.GetValue(s.DataOption), formula = parse.GetValue(s.FormulaOption), family = parse.GetValue(s.FamilyOption);
        string[] priors = parse.GetValue(s.PriorOption) ?? [], factors = parse.GetValue(s.FactorOption) ?? [];
        ModelSpec spec;
        FitSettings settings;
        if (modelPath is not null)
        {
            var file = ModelFile.Load(modelPath);
            spec = file.Model;
            settings = file.Settings;
            if (data is not null) spec = spec with { DataPath = Path.GetFullPath(data) };
            if (formula is not null) spec = spec with { Formula = formula };
            if (family is not null) spec = spec with { Family = family };
            if (priors.Length > 0) spec = spec with { Priors = spec.Priors.Concat(priors).ToArray() };
            if (factors.Length > 0) spec = spec with { Factors = spec.Factors.Concat(factors).ToArray() };
        }
        else
        {
            if (data is null || formula is null)
                throw new InputException("fit needs a model file (bayesglmm fit models/radon.json) or both --data and --formula.");
            spec = new ModelSpec(Path.GetFileNameWithoutExtension(data), Path.GetFullPath(data), formula, family ?? "gaussian", priors, factors);
            settings = new FitSettings();
        }
        if (parse.GetValue(s.NameOption) is string name) spec = spec with { Name = name };
        settings = settings with
        {
            Chains = parse.GetValue(s.ChainsOption) ?? settings.Chains,
            Warmup = parse.GetValue(s.WarmupOption) ?? settings.Warmup,
            Draws = parse.GetValue(s.DrawsOption) ?? settings.Draws,
            Seed = parse.GetValue(s.SeedOption) ?? settings.Seed,
            AdaptDelta = parse.GetValue(s.AdaptDeltaOption) ?? settings.AdaptDelta,
            MaxTreeDepth = parse.GetValue(s.TreeDepthOption) ?? settings.MaxTreeDepth,
            Metric = parse.GetValue(s.MetricOption) is string m ? FitSettings.ParseMetric(m) : settings.Metric,
            MaxDegreeOfParallelism = parse.GetValue(s.ThreadsOption) ?? settings.MaxDegreeOfParallelism,
        };
        return (spec, settings);
    }
}
