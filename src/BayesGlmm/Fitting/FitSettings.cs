// The sampler settings a user chooses for a fit, checked as user input, with CmdStan's defaults.
using System.Globalization;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The settings of <c>bayesglmm fit</c>: chains, warmup, draws, seed, target acceptance, tree depth, metric,
/// adaptation and integrator. Defaults are the sampler's (<see cref="SamplerOptions"/>): 4 chains of 1000 warmup
/// and 1000 sampling iterations, delta 0.8, depth 10, diagonal metric.
/// </summary>
public sealed record FitSettings
{
    private static readonly SamplerOptions Defaults = new();

    /// <summary>Number of chains.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warmup iterations per chain.</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Sampling iterations per chain.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>The random seed; chain c uses the stream (seed, c).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Target mean acceptance statistic of the step-size adaptation.</summary>
    public double AdaptDelta { get; init; } = 0.8;

    /// <summary>Maximum tree depth of NUTS.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Diagonal, dense or low-rank metric.</summary>
    public MetricKind Metric { get; init; } = Defaults.Metric;

    /// <summary>The warmup adaptation; null: Stan's for the dense metric, Fisher for the low-rank one, else the sampler's default.</summary>
    public AdaptationKind? Adaptation { get; init; }

    /// <summary>The trajectory integrator.</summary>
    public IntegratorKind Integrator { get; init; } = Defaults.Integrator;

    /// <summary>The adaptation actually used: <see cref="Adaptation"/>, or the one the metric needs.</summary>
    public AdaptationKind EffectiveAdaptation => Adaptation ?? Metric switch
    {
        MetricKind.Dense => AdaptationKind.Stan,
        MetricKind.LowRank => AdaptationKind.Fisher,
        _ => Defaults.Adaptation,
    };

    /// <summary>Worker threads for the chains (null: all cores).</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws <see cref="InputException"/> for a setting that cannot be used.</summary>
    public void Validate()
    {
        if (Chains < 1) throw new InputException($"chains = {Chains}: the number of chains must be at least 1 (--chains 4).");
        if (Warmup < 1) throw new InputException($"warmup = {Warmup}: the number of warmup iterations must be at least 1 (--warmup 1000).");
        if (Draws < 1) throw new InputException($"draws = {Draws}: the number of draws per chain must be at least 1 (--draws 1000).");
        if (!(AdaptDelta > 0 && AdaptDelta < 1))
            throw new InputException($"adapt_delta = {AdaptDelta.ToString(CultureInfo.InvariantCulture)}: the target acceptance must lie strictly between 0 and 1 (--adapt-delta 0.95).");
        if (MaxTreeDepth < 1 || MaxTreeDepth > 30)
            throw new InputException($"max_treedepth = {MaxTreeDepth}: the maximum tree depth must lie between 1 and 30 (--max-treedepth 10).");
        if (MaxDegreeOfParallelism is < 1) throw new InputException("The number of threads must be at least 1.");
        if (Metric == MetricKind.Dense && EffectiveAdaptation != AdaptationKind.Stan)
            throw new InputException("metric = dense with adaptation = fisher: the dense metric is adapted by Stan's adaptation only; use --adaptation stan, or --metric low_rank with fisher.");
        if (Metric == MetricKind.LowRank && EffectiveAdaptation != AdaptationKind.Fisher)
            throw new InputException("metric = low_rank with adaptation = stan: the low-rank metric is adapted from draws and gradients only; use --adaptation fisher.");
    }

    /// <summary>The sampler options for these settings (adaptation constants at Stan's defaults).</summary>
    public SamplerOptions ToSamplerOptions() => new()
    {
        Chains = Chains,
        Warmup = Warmup,
        Draws = Draws,
        Seed = Seed,
        AdaptDelta = AdaptDelta,
        MaxTreeDepth = MaxTreeDepth,
        Metric = Metric,
        Adaptation = EffectiveAdaptation,
        Integrator = Integrator,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
    };

    /// <summary>Parses <c>diag</c>/<c>diag_e</c>/<c>diagonal</c>, <c>dense</c>/<c>dense_e</c> or <c>low_rank</c>.</summary>
    public static MetricKind ParseMetric(string text) => text.Trim().ToLowerInvariant() switch
    {
        "diag" or "diag_e" or "diagonal" => MetricKind.Diagonal,
        "dense" or "dense_e" => MetricKind.Dense,
        "low_rank" or "lowrank" or "low-rank" => MetricKind.LowRank,
        _ => throw new InputException($"metric '{text}': unknown metric; use 'diag', 'dense' or 'low_rank'."),
    };

    /// <summary>The short name of a metric: <c>diag</c>, <c>dense</c> or <c>low_rank</c>.</summary>
    public static string MetricName(MetricKind metric) => metric switch
    {
        MetricKind.Dense => "dense",
        MetricKind.LowRank => "low_rank",
        _ => "diag",
    };

    /// <summary>Parses <c>stan</c> or <c>fisher</c>.</summary>
    public static AdaptationKind ParseAdaptation(string text) => text.Trim().ToLowerInvariant() switch
    {
        "stan" => AdaptationKind.Stan,
        "fisher" => AdaptationKind.Fisher,
        _ => throw new InputException($"adaptation '{text}': unknown adaptation; use 'stan' or 'fisher'."),
    };

    /// <summary>The name of an adaptation: <c>stan</c> or <c>fisher</c>.</summary>
    public static string AdaptationName(AdaptationKind adaptation) => adaptation == AdaptationKind.Stan ? "stan" : "fisher";

    /// <summary>Parses <c>leapfrog</c> or <c>walnuts</c>.</summary>
    public static IntegratorKind ParseIntegrator(string text) => text.Trim().ToLowerInvariant() switch
    {
        "leapfrog" => IntegratorKind.Leapfrog,
        "walnuts" => IntegratorKind.Walnuts,
        _ => throw new InputException($"integrator '{text}': unknown integrator; use 'leapfrog' or 'walnuts'."),
    };

    /// <summary>The name of an integrator: <c>leapfrog</c> or <c>walnuts</c>.</summary>
    public static string IntegratorName(IntegratorKind integrator) => integrator == IntegratorKind.Walnuts ? "walnuts" : "leapfrog";
}
