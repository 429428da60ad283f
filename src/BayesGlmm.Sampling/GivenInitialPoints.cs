// Fixed initial points, one per chain, on the unconstrained scale.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling;

/// <summary>One fixed initial point per chain on the unconstrained scale: chain c starts at <see cref="Points"/>[c].</summary>
public sealed class GivenInitialPoints : IInitialPointSource
{
    /// <summary>Takes a copy of <paramref name="points"/>: one point of length d per chain.</summary>
    public GivenInitialPoints(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Points = points.Select(p => (double[])(p ?? throw new ArgumentException("A chain's initial point is null.", nameof(points))).Clone()).ToArray();
    }

    /// <summary>The points, one per chain.</summary>
    public IReadOnlyList<double[]> Points { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">There is no point for the chain, or its length is not the density's dimension.</exception>
    public void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position)
    {
        if (chain >= Points.Count)
            throw new ArgumentException($"Initial points were given for {Points.Count} chains; chain {chain + 1} has none. Give one point per chain.");
        double[] point = Points[chain];
        if (point.Length != position.Length)
            throw new ArgumentException($"The initial point of chain {chain + 1} has {point.Length} values; the density has {position.Length} unconstrained parameters.");
        point.CopyTo(position);
    }
}
