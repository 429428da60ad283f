// Plain progress lines for an SBC study on stderr: fits done, flagged, fits per minute, time left.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Cli.Calibration;

/// <summary>Writes a progress line at most every few seconds and at the end of the study.</summary>
internal sealed class SbcProgressLog(TextWriter error) : IProgress<SbcProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _last = TimeSpan.Zero;
    private int _flagged;
    private int _done;

    /// <inheritdoc />
    public void Report(SbcProgress value)
    {
        lock (_gate)
        {
            _done++;
            if (value.HasProblems || value.Failed) _flagged++;
            var now = _clock.Elapsed;
            if (now - _last < TimeSpan.FromSeconds(5) && value.Completed < value.Total) return;
            _last = now;
            double perMinute = _done / Math.Max(now.TotalMinutes, 1e-9);
            double left = perMinute > 0 ? (value.Total - value.Completed) / perMinute : double.NaN;
            var c = CultureInfo.InvariantCulture;
            error.WriteLine($"sbc: {value.Completed}/{value.Total} simulations ({_flagged} flagged), {perMinute.ToString("F1", c)} fits/min" +
                            (double.IsFinite(left) && value.Completed < value.Total ? $", about {left.ToString("F1", c)} min left" : ""));
        }
    }
}
