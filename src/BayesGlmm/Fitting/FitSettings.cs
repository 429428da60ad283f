// The sampler settings a user chooses for a fit, checked as user input, with CmdStan's defaults.
using System.Globalization;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The settings of <c>bayesglmm fit</c>: chains, warmup, draws, seed, target acceptance, tree depth and
/// metric. Defaults are Stan's: 4 chains of 1000 warmup and 1000 sampling iterations, delta 0.8, depth 10,
/// diagonal metric.
/// </summary>
public sealed record FitSettings
{
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

    /// <summary>Diagonal or dense metric.</summary>
    public MetricKind Metric { get; init; } = MetricKind.Diagonal;

    /// <summary>Worker threads for the chains (null: all cores).</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Threads per chain for one evaluation of a large model's gradient (null: the cores divided among the chains run at
    /// once, used when the data are large enough to share); the draws are the same whatever the value.
    /// </summary>
    public int? ThreadsPerChain { get; init; }

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
        if (ThreadsPerChain is < 1)
            throw new InputException($"threads_per_chain = {ThreadsPerChain}: the threads per chain must be at least 1 (--threads-per-chain 2).");
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
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        ThreadsPerChain = ThreadsPerChain,
    };

    /// <summary>Parses <c>diag</c>/<c>diag_e</c>/<c>diagonal</c> or <c>dense</c>/<c>dense_e</c>.</summary>
    public static MetricKind ParseMetric(string text) => text.Trim().ToLowerInvariant() switch
    {
        "diag" or "diag_e" or "diagonal" => MetricKind.Diagonal,
        "dense" or "dense_e" => MetricKind.Dense,
        _ => throw new InputException($"metric '{text}': unknown metric; use 'diag' or 'dense'."),
    };

    /// <summary>The short name of a metric: <c>diag</c> or <c>dense</c>.</summary>
    public static string MetricName(MetricKind metric) => metric == MetricKind.Dense ? "dense" : "diag";
}
