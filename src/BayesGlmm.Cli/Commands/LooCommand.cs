// `bayesglmm loo DIR` or `bayesglmm loo --log-lik FILE.csv`: PSIS-LOO and WAIC of a fit or of a log-likelihood matrix.
using System.CommandLine;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Cli.Loo;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>loo</c> subcommand.</summary>
internal static class LooCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "A fit's output directory: the log-likelihood is computed per observation from its draws and rebuilt model, r_eff from its chains.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var logLik = new Option<string?>("--log-lik")
        {
            Description = "CSV file: a header row, then one row per posterior draw and one column per observation " +
                          "(an optional leading .chain or chain column gives the chains for r_eff; otherwise r_eff = 1).",
        };
        var output = new Option<string?>("--output") { Description = "Write quantity,estimate,se rows (elpd_loo, p_loo, looic) to this CSV file." };
        var pointwise = new Option<string?>("--pointwise") { Description = "Write per-observation elpd_loo, p_loo, looic, mcse_elpd_loo and influence_pareto_k to this CSV file." };
        var byCluster = new Option<bool>("--by-cluster")
        {
            Description = "For a fit with gamma, beta or inverse_gamma group-level effects: leave one cluster out, with its effect integrated out (one value per level).",
        };
        var command = new Command("loo", "PSIS-LOO cross-validation (elpd_loo, p_loo, looic with SEs and Pareto k diagnostics) and WAIC of a fit (DIR) or of a log-likelihood matrix (--log-lik).")
        {
            directory, logLik, output, pointwise, byCluster,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(directory), parse.GetValue(logLik), parse.GetValue(output), parse.GetValue(pointwise), parse.GetValue(byCluster)));
        return command;
    }

    private static int Run(ParseResult parse, string? directory, string? logLikPath, string? outputPath, string? pointwisePath, bool byCluster)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            if ((directory is null) == (logLikPath is null))
                throw new InputException("loo needs either a fit's output directory DIR or --log-lik FILE.csv (one of them, not both).");
            OutputFiles.RequireWritable(outputPath, "--output");
            OutputFiles.RequireWritable(pointwisePath, "--pointwise");
            IPointwiseLogLikelihood logLikelihood;
            IReadOnlyList<string> observationNames;
            bool fromChains;
            if (byCluster && directory is null)
                throw new InputException("--by-cluster needs a fit's output directory DIR (not --log-lik).");
            if (byCluster)
            {
                (logLikelihood, observationNames) = FitClusterLogLikelihood(directory!);
                fromChains = true;
            }
            else if (logLikPath is not null)
            {
                var file = LogLikelihoodCsv.Read(logLikPath);
                (logLikelihood, observationNames, fromChains) = (file.Matrix, file.ObservationNames, file.HasChains);
            }
            else
            {
                logLikelihood = FitLogLikelihood(directory!);
                observationNames = Enumerable.Range(1, logLikelihood.ObservationCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                fromChains = true;
            }
            var loo = LeaveOneOut.Compute(logLikelihood, new LooOptions { EstimateRelativeEfficiency = fromChains });
            var waic = Waic.Compute(logLikelihood);

            string? totals = outputPath is null ? null : LooReport.TotalsCsv(loo);
            string? perObservation = pointwisePath is null ? null : LooReport.PointwiseCsv(loo, observationNames);
            if (totals is not null) OutputFiles.WriteAtomically(outputPath!, totals);
            if (perObservation is not null) OutputFiles.WriteAtomically(pointwisePath!, perObservation);
            stdout.Write(LooReport.Summary(loo, fromChains));
            stdout.WriteLine();
            stdout.Write(LooReport.WaicSummary(waic));
            return Program.Success;
        }
        catch (InputException e)
        {
            Program.ReportInputError(stderr, e);
            return Program.BadInput;
        }
    }

    /// <summary>
    /// The pointwise log-likelihood of the fit in <paramref name="directory"/>, computed from its draws and
    /// rebuilt model in memory-bounded blocks of observations (<see cref="ModelLogLikelihood"/>).
    /// </summary>
    internal static ModelLogLikelihood FitLogLikelihood(string directory)
    {
        var fit = FitDirectory.Load(directory);
        var model = FitDirectory.RebuildModel(fit);
        return new ModelLogLikelihood(fit.Draws, model);
    }

    /// <summary>ℓ_i per draw and level of the conjugate HGLM fitted in <paramref name="directory"/>, with the level names.</summary>
    private static (IPointwiseLogLikelihood, IReadOnlyList<string>) FitClusterLogLikelihood(string directory)
    {
        var fit = FitDirectory.Load(directory);
        if (FitDirectory.RebuildModel(fit) is not GlmmModel { ClusterLikelihood: { } clusters } model)
            throw new InputException($"{directory}: --by-cluster needs a model with gamma group-level effects, inverse_gamma effects with a log link, or beta effects with nothing else in the linear predictor; this fit has none.");
        return (ClusterLogLikelihood.Compute(fit.Draws, model), clusters.Levels);
    }
}
