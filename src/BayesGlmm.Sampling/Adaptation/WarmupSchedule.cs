// The warmup schedule as data: which iterations feed the metric estimate and where each window ends.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Where the metric windows of warmup lie (Stan's <c>windowed_adaptation</c>; Stan Reference Manual,
/// "HMC algorithm parameters — automatic parameter tuning"). Built by <see cref="Build"/>, a pure function.
/// </summary>
internal sealed class WarmupSchedule
{
    /// <summary>Below this many warmup iterations the metric is not adapted (Stan's threshold).</summary>
    public const int MinimumWarmupForMetric = 20;

    private WarmupSchedule(int warmup, int initBuffer, int termBuffer, int baseWindow, IReadOnlyList<AdaptationWindow> windows)
    {
        Warmup = warmup;
        InitBuffer = initBuffer;
        TermBuffer = termBuffer;
        BaseWindow = baseWindow;
        Windows = windows;
    }

    /// <summary>The number of warmup iterations.</summary>
    public int Warmup { get; }

    /// <summary>The initial fast buffer actually used.</summary>
    public int InitBuffer { get; }

    /// <summary>The terminal fast buffer actually used.</summary>
    public int TermBuffer { get; }

    /// <summary>The first window's length actually used.</summary>
    public int BaseWindow { get; }

    /// <summary>The metric windows in order; empty when the metric is not adapted.</summary>
    public IReadOnlyList<AdaptationWindow> Windows { get; }

    /// <summary>
    /// Builds the schedule. Windows start after <paramref name="initBuffer"/> iterations with
    /// <paramref name="baseWindow"/> draws and double; when the window after next would reach the terminal
    /// buffer, the current one is stretched to end just before it.
    /// For 20 ≤ W &lt; init + base + term the buffers become ⌊0.15W⌋ and ⌊0.1W⌋ with one window between them:
    /// Stan prints this split but never ends a window (its metric stays the identity); here it is applied,
    /// as BlackJAX's <c>build_schedule</c> does. Below 20 iterations there are no windows.
    /// </summary>
    public static WarmupSchedule Build(int warmup, int initBuffer, int termBuffer, int baseWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegative(initBuffer);
        ArgumentOutOfRangeException.ThrowIfNegative(termBuffer);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWindow, 1);

        if (warmup < MinimumWarmupForMetric)
            return new WarmupSchedule(warmup, 0, 0, 0, []);

        if (initBuffer + baseWindow + termBuffer > warmup)
        {
            initBuffer = (int)(0.15 * warmup);
            termBuffer = (int)(0.1 * warmup);
            baseWindow = warmup - (initBuffer + termBuffer);
        }

        var windows = new List<AdaptationWindow>();
        int lastEnd = warmup - termBuffer - 1;
        int size = baseWindow;
        int start = initBuffer;
        int end = initBuffer + size - 1;
        while (true)
        {
            windows.Add(new AdaptationWindow(start, end));
            if (end >= lastEnd) break;
            // Stan's compute_next_window: double, then stretch if the following window would not fit.
            size *= 2;
            int next = end + size;
            if (next != lastEnd && next + 2 * size >= warmup - termBuffer) next = lastEnd;
            start = end + 1;
            end = next;
        }
        return new WarmupSchedule(warmup, initBuffer, termBuffer, baseWindow, windows);
    }

    /// <summary>The window containing warmup iteration <paramref name="iteration"/>, or −1.</summary>
    public int WindowOf(int iteration)
    {
        for (int w = 0; w < Windows.Count; w++)
            if (iteration >= Windows[w].Start && iteration <= Windows[w].End) return w;
        return -1;
    }

    /// <summary>True if the metric estimate is updated at the end of warmup iteration <paramref name="iteration"/>.</summary>
    public bool IsWindowEnd(int iteration)
    {
        for (int w = 0; w < Windows.Count; w++)
            if (Windows[w].End == iteration) return true;
        return false;
    }
}
