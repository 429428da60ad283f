// `bayesglmm loo --log-lik FILE.csv`: PSIS-LOO of a draws × observations log-likelihood matrix.
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
        var logLik = new Option<string>("--log-lik")
        {
            Description = "CSV file: a header row, then one row per posterior draw and one column per observation " +
                          "(an optional leading .chain or chain column gives the chains for r_eff; otherwise r_eff = 1).",
            Required = true,
        };
        var output = new Option<string?>("--output") { Description = "Write quantity,estimate,se rows (elpd_loo, p_loo, looic) to this CSV file." };
        var pointwise = new Option<string?>("--pointwise") { Description = "Write per-observation elpd_loo, p_loo, looic, mcse_elpd_loo and influence_pareto_k to this CSV file." };
        var command = new Command("loo", "PSIS-LOO cross-validation (elpd_loo, p_loo, looic with SEs and Pareto k diagnostics) of a log-likelihood matrix.")
        {
            logLik, output, pointwise,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(logLik)!, parse.GetValue(output), parse.GetValue(pointwise)));
        return command;
    }

    private static int Run(ParseResult parse, string logLikPath, string? outputPath, string? pointwisePath)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            RequireWritable(outputPath, "--output");
            RequireWritable(pointwisePath, "--pointwise");
            var file = LogLikelihoodCsv.Read(logLikPath);
            var loo = LeaveOneOut.Compute(file.Matrix, new LooOptions { EstimateRelativeEfficiency = file.HasChains });

            string? totals = outputPath is null ? null : LooReport.TotalsCsv(loo);
            string? perObservation = pointwisePath is null ? null : LooReport.PointwiseCsv(loo, file.ObservationNames);
            if (totals is not null) WriteAtomically(outputPath!, totals);
            if (perObservation is not null) WriteAtomically(pointwisePath!, perObservation);
            stdout.Write(LooReport.Summary(loo, file.HasChains));
            return Program.Success;
        }
        catch (InputException e)
        {
            Program.ReportInputError(stderr, e);
            return Program.BadInput;
        }
    }

    private static void RequireWritable(string? path, string option)
    {
        if (path is null) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new InputException($"{option} '{path}': the directory '{directory}' does not exist; create it first.");
        if (Directory.Exists(path))
            throw new InputException($"{option} '{path}' is a directory; give a file name.");
    }

    private static void WriteAtomically(string path, string contents)
    {
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { }
            throw new InputException($"Cannot write '{path}': {e.Message}", e);
        }
    }
}
