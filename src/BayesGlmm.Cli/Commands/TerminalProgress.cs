// Per-chain progress bars on a terminal (Spectre.Console): phase, iterations per second, divergences, time left.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Sampling;
using Spectre.Console;

namespace BayesGlmm.Cli.Commands;

/// <summary>Runs work while showing one progress bar per chain on stderr.</summary>
internal static class TerminalProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress reporter that drives the bars.</summary>
    public static T Run<T>(int chains, Func<IProgress<ChainProgress>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = Enumerable.Range(0, chains)
                    .Select(c => context.AddTask(Describe(c, "warmup", 0, 0), maxValue: 1))
                    .ToArray();
                return work(new Reporter(tasks));
            });
    }

    private static string Describe(int chain, string phase, double rate, int divergences) =>
        string.Create(CultureInfo.InvariantCulture, $"chain {chain + 1}: {phase,-8} {rate,6:F0} it/s {divergences,4} divergent");

    private sealed class Reporter(ProgressTask[] tasks) : IProgress<ChainProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(ChainProgress value)
        {
            if (value.Chain < 0 || value.Chain >= tasks.Length) return;
            var task = tasks[value.Chain];
            string phase = value.Iteration >= value.TotalIterations ? "done" : value.Iteration > value.WarmupIterations ? "sampling" : "warmup";
            double seconds = _clock.Elapsed.TotalSeconds;
            task.MaxValue = Math.Max(1, value.TotalIterations);
            task.Value = value.Iteration;
            task.Description = Markup.Escape(Describe(value.Chain, phase, seconds > 0 ? value.Iteration / seconds : 0, value.Divergences));
        }
    }
}
