// What one chain produced: its sampling draws, per-draw diagnostics and its adapted tuning.
namespace BayesGlmm.Sampling;

/// <summary>The output of one chain. Arrays hold only the draws actually made (fewer after cancellation).</summary>
public sealed class ChainResult
{
    /// <summary>The chain number, 0-based.</summary>
    public required int Chain { get; init; }

    /// <summary>The sampling draws on the unconstrained scale, row-major: <c>Draws[draw * Dimension + i]</c>.</summary>
    public required double[] Draws { get; init; }

    /// <summary>The sampler diagnostics of each sampling draw.</summary>
    public required SamplerStatistics[] Statistics { get; init; }

    /// <summary>The number of sampling draws made (equal to the requested draws unless cancelled).</summary>
    public required int CompletedDraws { get; init; }

    /// <summary>The adapted step size used in sampling.</summary>
    public required double StepSize { get; init; }

    /// <summary>The form of the inverse metric.</summary>
    public required MetricKind Metric { get; init; }

    /// <summary>The adapted inverse metric: d values (diagonal; for the low-rank metric its diagonal) or d·d row-major (dense).</summary>
    public required double[] InverseMetric { get; init; }

    /// <summary>The factors of the adapted low-rank metric; null for the other metrics.</summary>
    public LowRankFactors? LowRank { get; init; }

    /// <summary>Σ n_leapfrog__ over the warmup iterations.</summary>
    public required long WarmupLeapfrogSteps { get; init; }

    /// <summary>Σ n_leapfrog__ over the sampling iterations.</summary>
    public required long SamplingLeapfrogSteps { get; init; }

    /// <summary>Every evaluation of the log density, initialisation and step-size searches included.</summary>
    public required long GradientEvaluations { get; init; }

    /// <summary>Wall time of initialisation and warmup.</summary>
    public required TimeSpan WarmupTime { get; init; }

    /// <summary>Wall time of the sampling iterations.</summary>
    public required TimeSpan SamplingTime { get; init; }
}
