// The settings of the Fisher-divergence warmup, with nutpie's defaults (nuts-rs EuclideanAdaptOptions and LowRankSettings).
namespace BayesGlmm.Sampling;

/// <summary>
/// The warmup schedule and regularisation of <see cref="AdaptationKind.Fisher"/>, as nuts-rs 0.18 sets them
/// (<c>src/adapt_strategy.rs</c>, <c>src/transform/adapt/</c>). Fractions are of the warmup length W.
/// </summary>
/// <remarks>
/// Two estimators, a foreground and a background, both take every warmup draw that moved (a draw after a divergence
/// only if it lies more than four steps from the start of its trajectory). The metric is recomputed from the
/// foreground every <see cref="DiagonalUpdateInterval"/> (diagonal) or <see cref="LowRankUpdateInterval"/> (low-rank)
/// draws. When the background holds a full window and another window still fits before the final step-size-only
/// phase, the background becomes the foreground and a fresh background starts. Windows hold
/// <see cref="EarlyWindow"/> draws in the first <see cref="EarlyFraction"/>·W iterations, then start at
/// <see cref="MainWindow"/> and grow by <see cref="WindowGrowth"/>; the metric is frozen for the last
/// <see cref="StepSizeFraction"/>·W iterations, in which only the step size adapts.
/// </remarks>
public sealed record FisherAdaptationOptions
{
    /// <summary>The fraction of warmup with short windows (nuts-rs <c>early_window</c>).</summary>
    public double EarlyFraction { get; init; } = 0.3;

    /// <summary>The final fraction of warmup that adapts the step size only (nuts-rs <c>step_size_window</c>).</summary>
    public double StepSizeFraction { get; init; } = 0.15;

    /// <summary>The window length of the early phase (nuts-rs <c>early_mass_matrix_switch_freq</c>).</summary>
    public int EarlyWindow { get; init; } = 10;

    /// <summary>The first window length of the main phase (nuts-rs <c>mass_matrix_switch_freq</c>).</summary>
    public int MainWindow { get; init; } = 80;

    /// <summary>The growth factor of main-phase windows after each switch (nuts-rs <c>mass_matrix_window_growth</c>).</summary>
    public double WindowGrowth { get; init; } = 1.5;

    /// <summary>Draws between diagonal metric updates (nuts-rs <c>mass_matrix_update_freq</c>).</summary>
    public int DiagonalUpdateInterval { get; init; } = 1;

    /// <summary>Draws between low-rank metric updates (nuts-rs sets 20 for its low-rank sampler).</summary>
    public int LowRankUpdateInterval { get; init; } = 20;

    /// <summary>Low-rank: eigenvalues λ with 1/c &lt; λ &lt; c are dropped (nuts-rs <c>LowRankSettings.eigval_cutoff</c>).</summary>
    public double EigenvalueCutoff { get; init; } = 2.0;

    /// <summary>Low-rank: the regularisation γ of the projected covariances, C/γ + I (nuts-rs <c>LowRankSettings.gamma</c>).</summary>
    public double LowRankGamma { get; init; } = 1e-5;

    /// <summary>
    /// Whether the diagonal estimate uses the gradients (sqrt(Var x / Var g), the Fisher-divergence minimiser) or, as
    /// nuts-rs's <c>use_grad_based_estimate = false</c> (nutpie's <c>"draw_diag"</c>), the draw variance alone.
    /// </summary>
    public bool UseGradients { get; init; } = true;

    /// <summary>
    /// In the early phase (<see cref="EarlyFraction"/>) the metric is the diagonal draw variance, and the Fisher estimate
    /// (diagonal or low-rank) only from the main phase on. A departure from nuts-rs, which uses the Fisher estimate
    /// throughout: far from the typical set the gradients are huge and sqrt(Var x / Var g) tiny, so the metric can hold
    /// a chain in the tail for the whole run (lme4's grouseticks: R-hat 1.7–4.3 over seeds 1–2 for the diagonal form,
    /// 18.6 for the low-rank form; benchmarks/SAMPLER.md). The low-rank form's early metric is diagonal as well, updated
    /// every <see cref="DiagonalUpdateInterval"/> draws.
    /// </summary>
    public bool EarlyDrawVariance { get; init; } = true;

    /// <summary>The largest step size dual averaging may propose (nuts-rs <c>max_step_size</c>, π).</summary>
    public double MaxStepSize { get; init; } = Math.PI;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting outside its domain.</summary>
    public void Validate()
    {
        if (!(EarlyFraction >= 0 && EarlyFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(EarlyFraction), EarlyFraction, "EarlyFraction must lie in [0, 1).");
        if (!(StepSizeFraction >= 0 && StepSizeFraction < 1) || EarlyFraction + StepSizeFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(StepSizeFraction), StepSizeFraction, "StepSizeFraction must lie in [0, 1 − EarlyFraction].");
        ArgumentOutOfRangeException.ThrowIfLessThan(EarlyWindow, 1, nameof(EarlyWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MainWindow, 1, nameof(MainWindow));
        if (!(WindowGrowth >= 1) || double.IsInfinity(WindowGrowth))
            throw new ArgumentOutOfRangeException(nameof(WindowGrowth), WindowGrowth, "WindowGrowth must be finite and at least 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(DiagonalUpdateInterval, 1, nameof(DiagonalUpdateInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(LowRankUpdateInterval, 1, nameof(LowRankUpdateInterval));
        if (!(EigenvalueCutoff >= 1) || double.IsInfinity(EigenvalueCutoff))
            throw new ArgumentOutOfRangeException(nameof(EigenvalueCutoff), EigenvalueCutoff, "EigenvalueCutoff must be finite and at least 1.");
        if (!(LowRankGamma > 0) || double.IsInfinity(LowRankGamma))
            throw new ArgumentOutOfRangeException(nameof(LowRankGamma), LowRankGamma, "LowRankGamma must be positive and finite.");
        if (!(MaxStepSize > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxStepSize), MaxStepSize, "MaxStepSize must be positive.");
    }
}
