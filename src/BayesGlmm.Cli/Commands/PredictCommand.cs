// `bayesglmm predict DIR [--newdata FILE.csv] --re conditional|marginal|new|none`: posterior predictions and odds or rate ratios of a fit.
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Output;
using BayesGlmm.Predicting;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>predict</c> subcommand.</summary>
internal static class PredictCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A fit's output directory (with fit.json, the chain files and the data file it names)." };
        var newData = new Option<string?>("--newdata")
        {
            Description = "CSV file of rows to predict for, with the columns the model uses (the response is not needed; binomial trials are). Default: the fit's own data.",
        };
        var mode = OptionChecks.OneOf("--re",
            "Group-level effects: conditional (the fitted effects of each row's group, the default), marginal (population-averaged: integrated over their distribution), new (new effects drawn for each group), none (zero).",
            "conditional", "marginal", "new", "none");
        var output = new Option<string?>("--output") { Description = "Write every row's predictions to this CSV file." };
        var ratios = new Option<bool>("--ratios") { Description = "Print odds ratios (logit link) or rate ratios (log link) of the population-level coefficients, conditional and population-averaged." };
        var ratiosOutput = new Option<string?>("--ratios-output") { Description = "Write the ratios to this CSV file (implies --ratios)." };
        var defaults = new PredictionOptions();
        var probabilities = new Option<string?>("--probs")
        {
            Description = $"Quantiles to report, comma-separated probabilities (default {string.Join(",", defaults.Probabilities.Select(p => p.ToString(Invariant)))}).",
        };
        var samples = OptionChecks.Whole("--re-samples",
            $"Monte Carlo samples of the group-level effects per draw for marginal means with Student-t terms (default {defaults.MonteCarloSamples.ToString(Invariant)}).", 1, 10_000_000);
        var nodes = OptionChecks.Whole("--quadrature-nodes",
            $"Gauss-Hermite nodes for marginal means over normal group-level effects (default {defaults.QuadratureNodes.ToString(Invariant)}).", 1, 200);
        var seed = OptionChecks.Seed("--seed", $"Seed of the Monte Carlo samples and new effects (default {defaults.Seed.ToString(Invariant)}).");
        var command = new Command("predict", "Posterior predictions of the mean of the response and of the linear predictor, conditional on or integrating over the group-level effects; odds and rate ratios.")
        {
            directory, newData, mode, output, ratios, ratiosOutput, probabilities, samples, nodes, seed,
        };
        command.SetAction(parse =>
        {
            var options = new PredictionOptions
            {
                Mode = ParseMode(parse.GetValue(mode) ?? "conditional"),
                Probabilities = ParseProbabilities(parse.GetValue(probabilities)),
                MonteCarloSamples = parse.GetValue(samples) ?? defaults.MonteCarloSamples,
                QuadratureNodes = parse.GetValue(nodes) ?? defaults.QuadratureNodes,
                Seed = parse.GetValue(seed) ?? defaults.Seed,
            };
            return Run(parse, parse.GetValue(directory)!, parse.GetValue(newData), options, parse.GetValue(output),
                parse.GetValue(ratios) || parse.GetValue(ratiosOutput) is not null, parse.GetValue(ratiosOutput));
        });
        return command;
    }

    private static int Run(ParseResult parse, string directory, string? newDataPath, PredictionOptions options, string? outputPath,
        bool ratios, string? ratiosPath)
    {
        var stdout = parse.InvocationConfiguration.Output;
        OutputChecks.Writable(outputPath, "--output");
        OutputChecks.Writable(ratiosPath, "--ratios-output");
        var fit = FitDirectory.Load(directory);
        var newData = newDataPath is null ? null : DataTable.ReadCsv(newDataPath);
        PredictionOutcome outcome;
        try
        {
            outcome = PredictionService.Predict(fit, newData, options, ratios);
        }
        catch (InputException e) when (e.Data[PredictionEvaluator.ModeSetting] is string modes)
        {
            var flags = modes.Split(',').Select(m => "--re " + m).ToArray();
            throw new InputException($"{e.Message} Use {string.Join(", ", flags[..^1])} or {flags[^1]}.", e);
        }

        if (outputPath is not null) AtomicFile.Write(outputPath, PredictionText.Csv(outcome.Predictions));
        if (ratiosPath is not null && outcome.Ratios is not null) AtomicFile.Write(ratiosPath, PredictionText.RatiosCsv(outcome.Ratios));
        stdout.Write(PredictionText.Summary(outcome.Predictions, outcome.Source,
            outputPath is null ? "--output FILE.csv writes every row." : $"every row is in {outputPath}."));
        if (outcome.Ratios is not null)
        {
            stdout.WriteLine();
            stdout.Write(PredictionText.RatiosSummary(outcome.Ratios, outcome.RowCount));
        }
        return Program.Success;
    }

    private static RandomEffectMode ParseMode(string text) => text switch
    {
        "marginal" => RandomEffectMode.Marginal,
        "new" => RandomEffectMode.New,
        "none" => RandomEffectMode.None,
        _ => RandomEffectMode.Conditional,
    };

    private static IReadOnlyList<double> ParseProbabilities(string? text)
    {
        if (text is null) return new PredictionOptions().Probabilities;
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, Invariant, out double p) || !(p >= 0 && p <= 1))
                throw new InputException($"--probs '{text}': '{part}' is not a probability between 0 and 1; write e.g. --probs 0.05,0.5,0.95.");
            if (values.Contains(p)) throw new InputException($"--probs '{text}': {part} is given twice.");
            values.Add(p);
        }
        return values;
    }
}
