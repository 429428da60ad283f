// nutpie's warmup schedule as a state machine over draw counts: when to switch estimator windows and when to freeze the metric.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>What the Fisher warmup does after one warmup draw.</summary>
/// <param name="AdaptsMetric">The metric may change at this draw (false in the final step-size-only phase).</param>
/// <param name="Switch">The background estimator becomes the foreground and a fresh background starts.</param>
/// <param name="Late">No further window fits: dual averaging uses the symmetric acceptance statistic.</param>
internal readonly record struct FisherStep(bool AdaptsMetric, bool Switch, bool Late);

/// <summary>
/// The warmup schedule of nuts-rs 0.18 (<c>GlobalStrategy::adapt</c> in <c>src/adapt_strategy.rs</c>), separated from
/// the estimators so that it can be tested on counts alone. With W warmup draws, the early phase ends at
/// ⌊<see cref="FisherAdaptationOptions.EarlyFraction"/>·W⌋ and the final step-size-only phase starts at
/// W − ⌊<see cref="FisherAdaptationOptions.StepSizeFraction"/>·W⌋. Before that, at draw i the background holds b
/// draws: it is switched in when b reaches the current window (the early window, or the main window, which at the
/// early/main boundary becomes max(main, b) and after each main-phase switch grows to
/// max(w + 1, round(w·growth))), unless the next window would end past the final phase, in which case the draw is
/// "late" and nothing switches again.
/// </summary>
internal sealed class FisherSchedule
{
    private readonly FisherAdaptationOptions _options;
    private int _window;

    public FisherSchedule(int warmup, FisherAdaptationOptions options)
    {
        _options = options;
        Warmup = warmup;
        EarlyEnd = (int)(options.EarlyFraction * warmup);
        FinalPhaseStart = warmup - (int)(options.StepSizeFraction * warmup);
        _window = options.MainWindow;
    }

    /// <summary>The number of warmup draws W.</summary>
    public int Warmup { get; }

    /// <summary>The first draw of the main phase.</summary>
    public int EarlyEnd { get; }

    /// <summary>The first draw of the final phase, in which only the step size adapts.</summary>
    public int FinalPhaseStart { get; }

    /// <summary>
    /// The decision after warmup draw <paramref name="draw"/> (0-based; calls must come in order), given the
    /// background's count before (<paramref name="backgroundBefore"/>) and after (<paramref name="backgroundAfter"/>)
    /// the draw was offered to it.
    /// </summary>
    public FisherStep Next(int draw, int backgroundBefore, int backgroundAfter)
    {
        if (draw >= FinalPhaseStart) return new FisherStep(false, false, true);
        bool early = draw < EarlyEnd;
        if (!early && draw == EarlyEnd) _window = Math.Max(_window, backgroundBefore);
        int switchAt = early ? _options.EarlyWindow : _window;
        int next = early
            ? _options.EarlyWindow
            : Math.Max(_window + 1, (int)Math.Round(_window * _options.WindowGrowth, MidpointRounding.AwayFromZero));
        bool late = next + draw > FinalPhaseStart;
        bool doSwitch = backgroundAfter >= switchAt && !late;
        if (doSwitch && !early) _window = next;
        return new FisherStep(true, doSwitch, late);
    }
}
