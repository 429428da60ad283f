// `bayesglmm compare DIR1 DIR2 ...`: PSIS-LOO comparison of two or more fits of the same data.
using System.CommandLine;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Cli.Loo;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>compare</c> subcommand.</summary>
internal static class CompareCommand
{
    /// <summary>Builds the command with its arguments and action.</summary>
    public static Command Create()
    {
        var directories = new Argument<string[]>("DIR")
        {
            Description = "Two or more fits' output directories (fits of the same observations).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("compare", "Compare fits by PSIS-LOO: elpd_diff and se_diff to the best fit, best first (as loo_compare).")
        {
            directories,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(directories)!));
        return command;
    }

    private static int Run(ParseResult parse, string[] directories)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            if (directories.Length < 2) throw new InputException("compare needs at least two fit directories.");
            var names = FitNames(directories);
            var fits = new List<(string Name, LooResult Loo)>(directories.Length);
            for (int f = 0; f < directories.Length; f++)
                fits.Add((names[f], LeaveOneOut.Compute(LooCommand.FitLogLikelihood(directories[f]))));
            var rows = FitComparison.Compare(fits);
            stdout.Write(LooReport.ComparisonSummary(rows));
            foreach (var (name, loo) in fits)
                if (loo.Warning is { } warning) stdout.WriteLine($"Warning ({name}): {warning}");
            return Program.Success;
        }
        catch (InputException e)
        {
            stderr.WriteLine("error: " + e.Message);
            foreach (var detail in e.Details) stderr.WriteLine(detail);
            return Program.BadInput;
        }
    }

    /// <summary>Each fit's name: its directory's last component, made unique by the path given or a count.</summary>
    private static string[] FitNames(string[] directories)
    {
        var shortNames = directories.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))).ToArray();
        var names = shortNames.Select((n, f) => shortNames.Count(m => m == n) > 1 ? directories[f] : n).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < names.Length; f++)
        {
            int count = seen.TryGetValue(names[f], out int c) ? c + 1 : 1;
            seen[names[f]] = count;
            if (count > 1) names[f] += $" ({count})";
        }
        return names;
    }
}
