// `bayesglmm compare DIR1 DIR2 ...`: PSIS-LOO comparison of two or more fits of the same data.
using System.CommandLine;
using BayesGlmm.Comparison;

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
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var warnings = new List<string>();
            var rows = LooService.Compare(parse.GetValue(directories)!, (name, loo) => { if (loo.Warning is { } w) warnings.Add($"Warning ({name}): {w}"); });
            stdout.Write(LooText.ComparisonSummary(rows));
            foreach (string warning in warnings) stdout.WriteLine(warning);
            return Program.Success;
        });
        return command;
    }
}
