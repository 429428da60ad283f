// Plain periodic progress lines per chain, for a log file or a pipe (stderr that is not a terminal).
using System.Diagnostics;
using System.Globalization;

namespace BayesGlmm.Fitting;

/// <summary>
/// Writes one line per chain at most every <see cref="Interval"/> (and at each phase change and at the end):
/// <c>chain 2: sampling 1500/2000 (75%), 830 it/s, divergent: 3 in warmup, 0 after, about 1 s left</c>. The count after
/// warmup is the one the summary reports; divergences during warmup are shown apart. Safe to call from every chain's thread.
/// </summary>
public sealed class ProgressLog : IProgress<FitProgress>
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();
    private readonly Dictionary<int, (TimeSpan LastLine, bool InSampling)> _chains = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Writes progress lines to <paramref name="writer"/>.</summary>
    public ProgressLog(TextWriter writer, TimeSpan? interval = null)
    {
        _writer = writer;
        Interval = interval ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>The least time between two lines of the same chain.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public void Report(FitProgress value)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            bool sampling = value.IsSampling;
            bool done = value.IsDone;
            if (_chains.TryGetValue(value.Chain, out var last) && !done && last.InSampling == sampling && now - last.LastLine < Interval) return;
            _chains[value.Chain] = (now, sampling);
            _writer.WriteLine(Line(value, now));
            _writer.Flush();
        }
    }

    /// <summary>The progress line of one chain, given the time since the run started.</summary>
    public static string Line(FitProgress p, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        string phase = p.Phase;
        double rate = elapsed.TotalSeconds > 0 ? p.Iteration / elapsed.TotalSeconds : 0;
        double left = rate > 0 ? (p.TotalIterations - p.Iteration) / rate : double.NaN;
        string percent = (100.0 * p.Iteration / Math.Max(1, p.TotalIterations)).ToString("F0", c);
        string line = $"chain {(p.Chain + 1).ToString(c)}: {phase} {p.Iteration.ToString(c)}/{p.TotalIterations.ToString(c)} ({percent}%), " +
                      $"{rate.ToString("F0", c)} it/s, {Divergences(p)}";
        if (phase != "done" && double.IsFinite(left)) line += $", about {Math.Ceiling(left).ToString("F0", c)} s left";
        return line;
    }

    /// <summary>The divergent transitions of a chain by phase: <c>divergent: 21 in warmup, 0 after</c>.</summary>
    public static string Divergences(FitProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"divergent: {p.WarmupDivergences} in warmup, {p.SamplingDivergences} after");
}
