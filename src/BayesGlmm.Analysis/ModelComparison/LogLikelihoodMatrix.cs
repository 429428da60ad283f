// A pointwise log-likelihood held in memory as a draws × observations matrix.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// A draws × observations log-likelihood matrix stored row-major (draw s, observation i at
/// s·N + i), draws ordered chain after chain.
/// </summary>
public sealed class LogLikelihoodMatrix : IPointwiseLogLikelihood
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> (not copied) as <paramref name="drawCount"/> rows of <paramref name="observationCount"/> values.</summary>
    /// <param name="values">The row-major matrix, one row per draw.</param>
    /// <param name="drawCount">The number of draws S (rows).</param>
    /// <param name="observationCount">The number of observations N (columns).</param>
    /// <param name="chainCount">The number of chains; S must be a multiple of it.</param>
    public LogLikelihoodMatrix(double[] values, int drawCount, int observationCount, int chainCount = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(drawCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chainCount, 1);
        if (values.Length != (long)drawCount * observationCount)
            throw new ArgumentException($"Expected {drawCount} × {observationCount} values, got {values.Length}.", nameof(values));
        if (drawCount % chainCount != 0)
            throw new ArgumentException($"{drawCount} draws cannot be split into {chainCount} equal chains.", nameof(chainCount));
        _values = values;
        DrawCount = drawCount;
        ObservationCount = observationCount;
        ChainCount = chainCount;
    }

    /// <inheritdoc />
    public int DrawCount { get; }

    /// <inheritdoc />
    public int ObservationCount { get; }

    /// <inheritdoc />
    public int ChainCount { get; }

    /// <summary>The value for draw <paramref name="draw"/> and observation <paramref name="observation"/>.</summary>
    public double this[int draw, int observation] => _values[(long)draw * ObservationCount + observation];

    /// <inheritdoc />
    public void Fill(int observation, Span<double> logLikelihoodOverDraws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observation);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(observation, ObservationCount);
        if (logLikelihoodOverDraws.Length != DrawCount)
            throw new ArgumentException("The span must hold one value per draw.", nameof(logLikelihoodOverDraws));
        for (int s = 0; s < DrawCount; s++) logLikelihoodOverDraws[s] = _values[(long)s * ObservationCount + observation];
    }
}
