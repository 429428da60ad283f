// The sampler's settings, with Stan's defaults (CmdStan 2.x `sample` and `adapt` arguments) but for the integrator.
namespace BayesGlmm.Sampling;

/// <summary>
/// Settings of a NUTS run. Every default is Stan's (CmdStan's <c>sample</c>/<c>adapt</c> arguments and
/// <c>stan/services/sample/defaults.hpp</c>) but one: the sampling iterations integrate with WALNUTS macro steps
/// (<see cref="IntegratorKind.Walnuts"/>), which on the funnels where Stan's leapfrog diverges (lme4's Pastes and
/// grouseticks, Student-t effects on cbpp, small-cluster SBC fits) leave no divergent transition at about the same
/// ESS per gradient elsewhere (measured in benchmarks/SAMPLER.md).
/// </summary>
/// <remarks>
/// Warmup schedule (Stan's <c>windowed_adaptation</c>): the metric is estimated in windows that start after
/// <see cref="InitBuffer"/> iterations, begin at <see cref="BaseWindow"/> draws and double, and leave a
/// terminal buffer of <see cref="TermBuffer"/> iterations in which only the step size adapts.
/// One departure from Stan: when 20 ≤ <see cref="Warmup"/> &lt; InitBuffer + BaseWindow + TermBuffer,
/// Stan announces a 15%/75%/10% split but never ends a window, so its metric stays the identity; here that
/// split is applied (as BlackJAX does), so short warmups (simulation-based calibration) still adapt the
/// metric. Below 20 warmup iterations only the step size adapts, as in Stan.
/// </remarks>
public sealed record SamplerOptions
{
    /// <summary>The number of chains.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warmup (adaptation) iterations per chain.</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Sampling iterations (kept draws) per chain.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>The seed; chain c uses the random stream derived from (seed, c).</summary>
    public ulong Seed { get; init; } = 1UL;

    /// <summary>The target mean acceptance statistic δ of dual averaging.</summary>
    public double AdaptDelta { get; init; } = 0.8;

    /// <summary>The maximum tree depth: at most 2^depth − 1 leapfrog steps per iteration.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>The form of the adapted inverse metric.</summary>
    public MetricKind Metric { get; init; } = MetricKind.Diagonal;

    /// <summary>How warmup adapts the metric and step size.</summary>
    public AdaptationKind Adaptation { get; init; } = AdaptationKind.Stan;

    /// <summary>How each trajectory state is integrated.</summary>
    public IntegratorKind Integrator { get; init; } = IntegratorKind.Walnuts;

    /// <summary>The schedule and regularisation of <see cref="AdaptationKind.Fisher"/>.</summary>
    public FisherAdaptationOptions Fisher { get; init; } = new();

    /// <summary>The settings of <see cref="IntegratorKind.Walnuts"/>.</summary>
    public WalnutsOptions Walnuts { get; init; } = new();

    /// <summary>Initial values are drawn uniformly from (−InitRadius, InitRadius) on the unconstrained scale.</summary>
    public double InitRadius { get; init; } = 2.0;

    /// <summary>The largest number of chains run at once; null means one per processor.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Dual-averaging γ (adaptation regularisation scale; Hoffman &amp; Gelman 2014, eq. 6).</summary>
    public double Gamma { get; init; } = 0.05;

    /// <summary>Dual-averaging κ (decay of the iterate averaging weights).</summary>
    public double Kappa { get; init; } = 0.75;

    /// <summary>Dual-averaging t0 (stabilises the first iterations).</summary>
    public double T0 { get; init; } = 10.0;

    /// <summary>Iterations before the first metric window (fast adaptation of the step size only).</summary>
    public int InitBuffer { get; init; } = 75;

    /// <summary>Iterations after the last metric window (step size only).</summary>
    public int TermBuffer { get; init; } = 50;

    /// <summary>The length of the first metric window; each following window doubles.</summary>
    public int BaseWindow { get; init; } = 25;

    /// <summary>The step size at which the initialisation heuristic starts; μ = log(10·ε) at the start.</summary>
    public double InitialStepSize { get; init; } = 1.0;

    /// <summary>Uniform jitter of the step size per iteration: ε·(1 + j·(2U − 1)), j in [0, 1].</summary>
    public double StepSizeJitter { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting outside its domain.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Chains, 1, nameof(Chains));
        ArgumentOutOfRangeException.ThrowIfNegative(Warmup, nameof(Warmup));
        ArgumentOutOfRangeException.ThrowIfNegative(Draws, nameof(Draws));
        if (!(AdaptDelta > 0 && AdaptDelta < 1))
            throw new ArgumentOutOfRangeException(nameof(AdaptDelta), AdaptDelta, "AdaptDelta must lie strictly between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTreeDepth, 1, nameof(MaxTreeDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTreeDepth, 30, nameof(MaxTreeDepth));
        if (!(InitRadius >= 0) || double.IsInfinity(InitRadius))
            throw new ArgumentOutOfRangeException(nameof(InitRadius), InitRadius, "InitRadius must be finite and non-negative.");
        if (MaxDegreeOfParallelism is int p) ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(MaxDegreeOfParallelism));
        if (!(Gamma > 0)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be positive.");
        if (!(Kappa > 0)) throw new ArgumentOutOfRangeException(nameof(Kappa), Kappa, "Kappa must be positive.");
        if (!(T0 > 0)) throw new ArgumentOutOfRangeException(nameof(T0), T0, "T0 must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(InitBuffer, nameof(InitBuffer));
        ArgumentOutOfRangeException.ThrowIfNegative(TermBuffer, nameof(TermBuffer));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseWindow, 1, nameof(BaseWindow));
        if (!(InitialStepSize > 0) || double.IsInfinity(InitialStepSize))
            throw new ArgumentOutOfRangeException(nameof(InitialStepSize), InitialStepSize, "InitialStepSize must be positive and finite.");
        if (!(StepSizeJitter >= 0 && StepSizeJitter <= 1))
            throw new ArgumentOutOfRangeException(nameof(StepSizeJitter), StepSizeJitter, "StepSizeJitter must lie in [0, 1].");
        if (!Enum.IsDefined(Metric)) throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
        if (!Enum.IsDefined(Adaptation)) throw new ArgumentOutOfRangeException(nameof(Adaptation), Adaptation, "Unknown adaptation.");
        if (!Enum.IsDefined(Integrator)) throw new ArgumentOutOfRangeException(nameof(Integrator), Integrator, "Unknown integrator.");
        if (Metric == MetricKind.Dense && Adaptation != AdaptationKind.Stan)
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "The dense metric is adapted by Stan's adaptation only; with Fisher adaptation use the low-rank metric.");
        if (Metric == MetricKind.LowRank && Adaptation != AdaptationKind.Fisher)
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "The low-rank metric is adapted by Fisher adaptation only.");
        ArgumentNullException.ThrowIfNull(Fisher, nameof(Fisher));
        ArgumentNullException.ThrowIfNull(Walnuts, nameof(Walnuts));
        Fisher.Validate();
        Walnuts.Validate();
    }
}
