// `bayesglmm loo DIR` or `bayesglmm loo --log-lik FILE.csv`: PSIS-LOO and WAIC of a fit or of a log-likelihood matrix.
using System.CommandLine;
using BayesGlmm.Comparison;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;

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
        if ((directory is null) == (logLikPath is null))
            throw new InputException("loo needs either a fit's output directory DIR or --log-lik FILE.csv (one of them, not both).");
        if (byCluster && directory is null)
            throw new InputException("--by-cluster needs a fit's output directory DIR (not --log-lik).");
        OutputChecks.Writable(outputPath, "--output");
        OutputChecks.Writable(pointwisePath, "--pointwise");
        LooOutcome outcome;
        if (logLikPath is not null)
        {
            outcome = LooService.Compute(LogLikelihoodCsv.Read(logLikPath));
        }
        else
        {
            var fit = FitDirectory.Load(directory!);
            try
            {
                outcome = byCluster ? LooService.ComputeByCluster(fit) : LooService.Compute(fit);
            }
            catch (InputException e) when (byCluster)
            {
                throw new InputException("--by-cluster: " + e.Message, e);
            }
        }
        if (outputPath is not null) AtomicFile.Write(outputPath, LooText.TotalsCsv(outcome.Loo));
        if (pointwisePath is not null) AtomicFile.Write(pointwisePath, LooText.PointwiseCsv(outcome.Loo, outcome.ObservationNames));
        stdout.Write(LooText.Summary(outcome.Loo, outcome.RelativeEfficiencyFromChains));
        stdout.WriteLine();
        stdout.Write(LooText.WaicSummary(outcome.Waic));
        return Program.Success;
    }
}
