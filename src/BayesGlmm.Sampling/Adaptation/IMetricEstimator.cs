// An online estimator of the inverse metric from warmup draws.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>Accumulates draws of one window and turns them into a regularised inverse metric.</summary>
internal interface IMetricEstimator
{
    /// <summary>The number of draws added since the last restart.</summary>
    int Count { get; }

    /// <summary>Adds one draw.</summary>
    void Add(ReadOnlySpan<double> draw);

    /// <summary>
    /// Writes the regularised estimate into <paramref name="inverseMetric"/>, which holds the current inverse
    /// metric on entry (kept as the raw estimate when fewer than two draws were added, as Stan does).
    /// </summary>
    void Estimate(Span<double> inverseMetric);

    /// <summary>Forgets every draw (windows are memoryless).</summary>
    void Restart();
}
