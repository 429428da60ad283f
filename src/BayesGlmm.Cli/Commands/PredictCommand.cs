// `bayesglmm predict DIR [--newdata FILE.csv] --re conditional|marginal|new|none`: posterior predictions and odds or rate ratios of a fit.
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Cli.Predictions;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

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
        var mode = new Option<string>("--re")
        {
            Description = "Group-level effects: conditional (the fitted effects of each row's group), marginal (population-averaged: integrated over their distribution), new (new effects drawn for each group), none (zero).",
            DefaultValueFactory = _ => "conditional",
        };
        mode.AcceptOnlyFromAmong("conditional", "marginal", "new", "none");
        var output = new Option<string?>("--output") { Description = "Write every row's predictions to this CSV file." };
        var ratios = new Option<bool>("--ratios") { Description = "Print odds ratios (logit link) or rate ratios (log link) of the population-level coefficients, conditional and population-averaged." };
        var ratiosOutput = new Option<string?>("--ratios-output") { Description = "Write the ratios to this CSV file (implies --ratios)." };
        var probabilities = new Option<string?>("--probs") { Description = "Quantiles to report, comma-separated probabilities (default 0.025,0.5,0.975)." };
        var samples = new Option<int?>("--re-samples") { Description = "Monte Carlo samples of the group-level effects per draw for marginal means with Student-t terms (default 1000)." };
        samples.Positive();
        var nodes = new Option<int?>("--quadrature-nodes") { Description = "Gauss-Hermite nodes for marginal means over normal group-level effects (default 64, at most 200)." };
        nodes.Positive();
        var seed = new Option<int?>("--seed") { Description = "Seed of the Monte Carlo samples and new effects (default 1)." };
        seed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0) result.AddError($"--seed must be a whole number ≥ 0 (got {result.GetValueOrDefault<int?>()}).");
        });
        var command = new Command("predict", "Posterior predictions of the mean of the response and of the linear predictor, conditional on or integrating over the group-level effects; odds and rate ratios.")
        {
            directory, newData, mode, output, ratios, ratiosOutput, probabilities, samples, nodes, seed,
        };
        command.SetAction(parse =>
        {
            var options = new PredictionOptions
            {
                Mode = ParseMode(parse.GetValue(mode)!),
                Probabilities = ParseProbabilities(parse.GetValue(probabilities)),
                MonteCarloSamples = parse.GetValue(samples) ?? new PredictionOptions().MonteCarloSamples,
                QuadratureNodes = parse.GetValue(nodes) ?? new PredictionOptions().QuadratureNodes,
                Seed = (ulong)(parse.GetValue(seed) ?? 1),
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
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            if (options.QuadratureNodes > 200) throw new InputException($"--quadrature-nodes must be at most 200 (got {options.QuadratureNodes}).");
            OutputFiles.RequireWritable(outputPath, "--output");
            OutputFiles.RequireWritable(ratiosPath, "--ratios-output");
            var fit = FitDirectory.Load(directory);
            var rebuilt = FitDirectory.RebuildModel(fit);
            if (rebuilt is not GlmmModel { SupportsPredictions: true } model)
                throw new InputException(
                    $"{directory}: predict supports GLMMs with normal or Student-t group-level effects for now; this fit is a hierarchical GLM with conjugate (gamma, beta or inverse_gamma) group-level effects.");
            var record = fit.Record;
            var fitData = DataTable.ReadCsv(record.Data.File, record.Model.Factors);
            var formula = Formula.Parse(record.Model.Formula);
            var newData = newDataPath is null ? fitData : DataTable.ReadCsv(newDataPath);
            var rows = newDataPath is null ? model.Frame.SourceRows : null;
            var draws = new ReportedDraws(fit.Draws, model);

            var use = options.Mode switch
            {
                RandomEffectMode.None => GroupTermUse.None,
                RandomEffectMode.Marginal => GroupTermUse.Covariates,
                _ => GroupTermUse.CovariatesAndGroups,
            };
            var coded = NewDataFrameBuilder.Build(fitData, formula, model.Frame, newData, use, rows);
            if (ratios) EffectRatios.KindOf(model); // a link without ratios fails before any work
            var predictions = PosteriorPredictions.Compute(model, draws, coded, options);
            EffectRatioResult? ratioResult = null;
            if (ratios)
            {
                var covariates = use == GroupTermUse.Covariates ? coded : NewDataFrameBuilder.Build(fitData, formula, model.Frame, newData, GroupTermUse.Covariates, rows);
                ratioResult = EffectRatios.Compute(model, draws, covariates, options);
            }

            if (outputPath is not null) OutputFiles.WriteAtomically(outputPath, PredictionReport.Csv(predictions));
            if (ratiosPath is not null && ratioResult is not null) OutputFiles.WriteAtomically(ratiosPath, PredictionReport.RatiosCsv(ratioResult));
            stdout.Write(PredictionReport.Summary(predictions, newData.DisplayName, outputPath));
            if (ratioResult is not null)
            {
                stdout.WriteLine();
                stdout.Write(PredictionReport.RatiosSummary(ratioResult, coded.RowCount));
            }
            return Program.Success;
        }
        catch (InputException e)
        {
            Program.ReportInputError(stderr, e);
            return Program.BadInput;
        }
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
