// The sampler's settings, their defaults (Fisher low-rank adaptation, a 300-iteration warmup from a start moved towards the mode, WALNUTS) and their valid ranges, stated once.
using System.Globalization;

namespace BayesGlmm.Sampling;

/// <summary>
/// Settings of a NUTS run. The defaults are those that measured best in ESS per gradient, warmup counted, on the 13
/// catalogue models at seeds 1–5 (benchmarks/SAMPLER.md, "The defaults"): the metric adapted from draws and gradients in
/// its low-rank-plus-diagonal form (<see cref="AdaptationKind.Fisher"/>, <see cref="MetricKind.LowRank"/>; nutpie's
/// adaptation) over a 300-iteration warmup (nutpie's length), each chain started from Stan's random point moved towards
/// the mode (<see cref="ModeSearchIterations"/>), and the sampling iterations integrated with WALNUTS macro steps
/// (<see cref="IntegratorKind.Walnuts"/>), which on the funnels where Stan's leapfrog diverges leave no divergent
/// transition. Median 2.35× and at least 1.44× the ESS per gradient of Stan's engine on every model. Stan's own settings
/// are one assignment away: <see cref="Adaptation"/> = <see cref="AdaptationKind.Stan"/>, <see cref="Metric"/> =
/// <see cref="MetricKind.Diagonal"/>, <see cref="Warmup"/> = 1000, <see cref="ModeSearchIterations"/> = 0,
/// <see cref="Integrator"/> = <see cref="IntegratorKind.Leapfrog"/>; every other default is Stan's (CmdStan's
/// <c>sample</c>/<c>adapt</c> arguments and <c>stan/services/sample/defaults.hpp</c>).
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
    public int Warmup { get; init; } = DefaultWarmup;

    /// <summary>The default of <see cref="Warmup"/>: 300 iterations, nutpie's (Stan's is 1000).</summary>
    public const int DefaultWarmup = 300;

    /// <summary>Sampling iterations (kept draws) per chain.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>The seed; chain c uses the random stream derived from (seed, c).</summary>
    public ulong Seed { get; init; } = 1UL;

    /// <summary>The target mean acceptance statistic δ of dual averaging.</summary>
    public double AdaptDelta { get; init; } = 0.8;

    /// <summary>The maximum tree depth: at most 2^depth − 1 leapfrog steps per iteration.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>The form of the adapted inverse metric.</summary>
    public MetricKind Metric { get; init; } = MetricKind.LowRank;

    /// <summary>How warmup adapts the metric and step size.</summary>
    public AdaptationKind Adaptation { get; init; } = AdaptationKind.Fisher;

    /// <summary>
    /// The metric an adaptation takes when none is named: low-rank for <see cref="AdaptationKind.Fisher"/>, diagonal for
    /// <see cref="AdaptationKind.Stan"/> (Stan's default).
    /// </summary>
    public static MetricKind DefaultMetric(AdaptationKind adaptation) => adaptation == AdaptationKind.Fisher ? MetricKind.LowRank : MetricKind.Diagonal;

    /// <summary>
    /// These options with <paramref name="adaptation"/> and <paramref name="metric"/> where given. A metric named without an
    /// adaptation takes the adaptation that adapts it (dense: Stan's; low-rank: Fisher's; diagonal: either, the current one);
    /// an adaptation named without a metric replaces a metric it cannot adapt by <see cref="DefaultMetric"/> (naming
    /// <c>stan</c> alone gives Stan's diagonal metric).
    /// </summary>
    public SamplerOptions WithAdaptation(AdaptationKind? adaptation, MetricKind? metric)
    {
        var m = metric ?? Metric;
        var a = adaptation ?? metric switch
        {
            MetricKind.Dense => AdaptationKind.Stan,
            MetricKind.LowRank => AdaptationKind.Fisher,
            _ => Adaptation,
        };
        if (metric is null && ((m == MetricKind.LowRank && a != AdaptationKind.Fisher) || (m == MetricKind.Dense && a != AdaptationKind.Stan)))
            m = DefaultMetric(a);
        return this with { Adaptation = a, Metric = m };
    }

    /// <summary>How each trajectory state is integrated.</summary>
    public IntegratorKind Integrator { get; init; } = IntegratorKind.Walnuts;

    /// <summary>
    /// After every sampling transition, apply the density's invariant move when it has one (<see cref="IInterweavingDensity"/>):
    /// the scales of non-centred effects drawn again in the centred form (default on; not during warmup).
    /// </summary>
    public bool Interweave { get; init; } = true;

    /// <summary>The schedule and regularisation of <see cref="AdaptationKind.Fisher"/>.</summary>
    public FisherAdaptationOptions Fisher { get; init; } = new();

    /// <summary>The settings of <see cref="IntegratorKind.Walnuts"/>.</summary>
    public WalnutsOptions Walnuts { get; init; } = new();

    /// <summary>Initial values are drawn uniformly from (−InitRadius, InitRadius) on the unconstrained scale.</summary>
    public double InitRadius { get; init; } = 2.0;

    /// <summary>
    /// Where each chain starts, written per chain on the unconstrained scale (<see cref="IInitialPointSource"/>); null (the
    /// default) is Stan's random initialisation from (−<see cref="InitRadius"/>, <see cref="InitRadius"/>), retried while
    /// not finite (Stan Reference Manual, "Initialization").
    /// </summary>
    public IInitialPointSource? InitialPoints { get; init; }

    /// <summary>
    /// Without <see cref="InitialPoints"/>: the most L-BFGS iterations that move each chain's random start towards the mode
    /// (<see cref="ModeSeekingInitialPoints"/>), so that a short warmup does not begin in the far tail; 0 is Stan's random
    /// start unchanged. The search's evaluations count among the chain's gradients.
    /// </summary>
    public int ModeSearchIterations { get; init; } = DefaultModeSearchIterations;

    /// <summary>The default of <see cref="ModeSearchIterations"/>.</summary>
    public const int DefaultModeSearchIterations = 200;

    /// <summary>The largest number of chains run at once; null means one per processor.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Threads per chain for a density that can share one evaluation among threads (<see cref="IThreadedLogDensityFactory"/>);
    /// null means max(1, processors / chains run at once). The draws are the same whatever the value.
    /// </summary>
    public int? ThreadsPerChain { get; init; }

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

    /// <summary>
    /// The threads each chain's density evaluates on: <see cref="ThreadsPerChain"/>, or max(1, <paramref name="processors"/> /
    /// the chains run at once), and never more than the density can use (<paramref name="maxThreads"/>).
    /// </summary>
    public int ThreadsFor(int maxThreads, int processors)
    {
        int concurrent = Math.Max(1, Math.Min(Chains, MaxDegreeOfParallelism ?? processors));
        int wanted = ThreadsPerChain ?? Math.Max(1, processors / concurrent);
        return Math.Clamp(wanted, 1, Math.Max(1, maxThreads));
    }

    /// <summary>
    /// Throws <see cref="SettingOutOfRangeException"/> (an <see cref="ArgumentOutOfRangeException"/> whose
    /// <c>ParamName</c> is the property) for the first setting outside its range; <see cref="RangeOf"/> states each range.
    /// The metric must suit the adaptation: the dense metric is adapted by Stan's adaptation only, the low-rank one by
    /// Fisher adaptation only. <see cref="Fisher"/> and <see cref="Walnuts"/> throw <see cref="ArgumentOutOfRangeException"/>
    /// naming their own setting.
    /// </summary>
    public void Validate()
    {
        foreach (var rule in Rules)
            if (!rule.IsValid(this)) throw new SettingOutOfRangeException(rule.Setting, rule.Value(this), rule.Range);
        if ((long)Warmup + Draws > int.MaxValue)
            throw new SettingOutOfRangeException(nameof(Draws), Draws.ToString(CultureInfo.InvariantCulture),
                $"a whole number from 1 to {(int.MaxValue - Warmup).ToString(CultureInfo.InvariantCulture)} (Warmup + Draws at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)})");
        if (Metric == MetricKind.Dense && Adaptation != AdaptationKind.Stan)
            throw new SettingOutOfRangeException(nameof(Metric), MetricNames.Of(Metric),
                $"{MetricNames.Of(MetricKind.Diagonal)} or {MetricNames.Of(MetricKind.LowRank)} with adaptation {AdaptationNames.Of(Adaptation)} (the dense metric is adapted by adaptation {AdaptationNames.Of(AdaptationKind.Stan)} only)");
        if (Metric == MetricKind.LowRank && Adaptation != AdaptationKind.Fisher)
            throw new SettingOutOfRangeException(nameof(Metric), MetricNames.Of(Metric),
                $"{MetricNames.Of(MetricKind.Diagonal)} or {MetricNames.Of(MetricKind.Dense)} with adaptation {AdaptationNames.Of(Adaptation)} (the low-rank metric is adapted by adaptation {AdaptationNames.Of(AdaptationKind.Fisher)} only)");
        if (InitialPoints is GivenInitialPoints given && given.Points.Count < Chains)
            throw new SettingOutOfRangeException(nameof(InitialPoints), Text(given.Points.Count) + " points",
                $"one initial point per chain ({Text(Chains)} chains)");
        ArgumentNullException.ThrowIfNull(Fisher, nameof(Fisher));
        ArgumentNullException.ThrowIfNull(Walnuts, nameof(Walnuts));
        Fisher.Validate();
        Walnuts.Validate();
    }

    /// <summary>
    /// The range a setting must lie in, as <see cref="Validate"/> checks it, e.g. <c>a whole number from 1 to 30</c>
    /// for <see cref="MaxTreeDepth"/>; <paramref name="setting"/> is a property name.
    /// </summary>
    /// <exception cref="ArgumentException">No setting has that name.</exception>
    public static string RangeOf(string setting) =>
        Rules.FirstOrDefault(r => r.Setting == setting)?.Range ?? throw new ArgumentException($"No sampler setting is named '{setting}'.", nameof(setting));

    private sealed record Rule(string Setting, Func<SamplerOptions, bool> IsValid, Func<SamplerOptions, string> Value, string Range);

    private const string AtLeastOne = "a whole number from 1 to 2147483647";
    private const string AtLeastZero = "a whole number from 0 to 2147483647";

    private static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>One of <paramref name="names"/>: <c>a or b</c>, <c>a, b or c</c>.</summary>
    private static string OneOf(IReadOnlyList<string> names) => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    /// <summary>Every setting's range, stated once.</summary>
    private static readonly Rule[] Rules =
    [
        new(nameof(Chains), o => o.Chains >= 1, o => Text(o.Chains), AtLeastOne),
        new(nameof(Warmup), o => o.Warmup >= 0, o => Text(o.Warmup), AtLeastZero),
        new(nameof(Draws), o => o.Draws >= 1, o => Text(o.Draws), AtLeastOne),
        new(nameof(Seed), _ => true, o => o.Seed.ToString(CultureInfo.InvariantCulture), $"a whole number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}"),
        new(nameof(AdaptDelta), o => o.AdaptDelta > 0 && o.AdaptDelta < 1, o => Text(o.AdaptDelta), "a number strictly between 0 and 1"),
        new(nameof(MaxTreeDepth), o => o.MaxTreeDepth is >= 1 and <= 30, o => Text(o.MaxTreeDepth), "a whole number from 1 to 30"),
        new(nameof(Metric), o => Enum.IsDefined(o.Metric), o => o.Metric.ToString(), OneOf(MetricNames.All)),
        new(nameof(Adaptation), o => Enum.IsDefined(o.Adaptation), o => o.Adaptation.ToString(), OneOf(AdaptationNames.All)),
        new(nameof(Integrator), o => Enum.IsDefined(o.Integrator), o => o.Integrator.ToString(), OneOf(IntegratorNames.All)),
        new(nameof(ModeSearchIterations), o => o.ModeSearchIterations >= 0, o => Text(o.ModeSearchIterations), AtLeastZero),
        new(nameof(InitRadius), o => o.InitRadius >= 0 && double.IsFinite(o.InitRadius), o => Text(o.InitRadius), "a finite number of at least 0"),
        new(nameof(MaxDegreeOfParallelism), o => o.MaxDegreeOfParallelism is null or >= 1, o => Text(o.MaxDegreeOfParallelism ?? 0), AtLeastOne),
        new(nameof(ThreadsPerChain), o => o.ThreadsPerChain is null or >= 1, o => Text(o.ThreadsPerChain ?? 0), AtLeastOne),
        new(nameof(Gamma), o => o.Gamma > 0 && double.IsFinite(o.Gamma), o => Text(o.Gamma), "a finite number above 0"),
        new(nameof(Kappa), o => o.Kappa > 0 && double.IsFinite(o.Kappa), o => Text(o.Kappa), "a finite number above 0"),
        new(nameof(T0), o => o.T0 > 0 && double.IsFinite(o.T0), o => Text(o.T0), "a finite number above 0"),
        new(nameof(InitBuffer), o => o.InitBuffer >= 0, o => Text(o.InitBuffer), AtLeastZero),
        new(nameof(TermBuffer), o => o.TermBuffer >= 0, o => Text(o.TermBuffer), AtLeastZero),
        new(nameof(BaseWindow), o => o.BaseWindow >= 1, o => Text(o.BaseWindow), AtLeastOne),
        new(nameof(InitialStepSize), o => o.InitialStepSize > 0 && double.IsFinite(o.InitialStepSize), o => Text(o.InitialStepSize), "a finite number above 0"),
        new(nameof(StepSizeJitter), o => o.StepSizeJitter is >= 0 and <= 1, o => Text(o.StepSizeJitter), "a number from 0 to 1"),
    ];
}
