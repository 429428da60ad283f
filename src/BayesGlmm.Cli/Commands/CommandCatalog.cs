// The list of subcommands; each lives in its own file and is added here.
using System.CommandLine;

namespace BayesGlmm.Cli.Commands;

/// <summary>Every subcommand of <c>bayesglmm</c>.</summary>
internal static class CommandCatalog
{
    /// <summary>The subcommands in the order <c>--help</c> lists them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return FitCommand.Create();
        yield return EstimateCommand.Create();
        yield return SummarizeCommand.Create();
        yield return LooCommand.Create();
        yield return CompareCommand.Create();
        yield return PredictCommand.Create();
        yield return SensitivityCommand.Create();
        yield return PlotCommand.Create();
        yield return SbcCommand.Create();
    }
}
