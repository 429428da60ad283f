// Per-chain progress bars on a terminal (Spectre.Console): phase, iterations per second, divergences by phase, time left.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Fitting;
using Spectre.Console;

namespace BayesGlmm.Cli.Commands;

/// <summary>Runs work while showing one progress bar per chain on stderr.</summary>
internal static class TerminalProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress reporter that drives the bars.</summary>
    public static T Run<T>(int chains, Func<IProgress<FitProgress>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = Enumerable.Range(0, chains)
                    .Select(c => context.AddTask(Describe(new FitProgress(c, 0, 1, 1, 0, 0), 0), maxValue: 1))
                    .ToArray();
                return work(new Reporter(tasks));
            });
    }

    private static string Describe(FitProgress p, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"chain {p.Chain + 1}: {p.Phase,-8} {rate,6:F0} it/s, {ProgressLog.Divergences(p)}");

    private sealed class Reporter(ProgressTask[] tasks) : IProgress<FitProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(FitProgress value)
        {
            if (value.Chain < 0 || value.Chain >= tasks.Length) return;
            var task = tasks[value.Chain];
            double seconds = _clock.Elapsed.TotalSeconds;
            task.MaxValue = Math.Max(1, value.TotalIterations);
            task.Value = value.Iteration;
            task.Description = Markup.Escape(Describe(value, seconds > 0 ? value.Iteration / seconds : 0));
        }
    }
}
