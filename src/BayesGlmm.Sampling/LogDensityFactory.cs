// Ready-made density factories: one shared thread-safe density, or one fresh density per chain.
namespace BayesGlmm.Sampling;

/// <summary>Builds an <see cref="ILogDensityFactory"/> from a density or a constructor.</summary>
public static class LogDensityFactory
{
    /// <summary>Every chain uses <paramref name="density"/> itself; it must be safe to call from several threads.</summary>
    public static ILogDensityFactory Shared(ILogDensity density)
    {
        ArgumentNullException.ThrowIfNull(density);
        return new SharedFactory(density);
    }

    /// <summary>Each chain gets its own density from <paramref name="create"/>.</summary>
    public static ILogDensityFactory From(int dimension, Func<ILogDensity> create)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentNullException.ThrowIfNull(create);
        return new CreatingFactory(dimension, create);
    }

    private sealed class SharedFactory(ILogDensity density) : ILogDensityFactory
    {
        public int Dimension => density.Dimension;

        public ILogDensity Create() => density;
    }

    private sealed class CreatingFactory(int dimension, Func<ILogDensity> create) : ILogDensityFactory
    {
        public int Dimension => dimension;

        public ILogDensity Create()
        {
            ILogDensity density = create();
            if (density.Dimension != dimension)
                throw new InvalidOperationException($"The density factory was declared with dimension {dimension} but made a density of dimension {density.Dimension}.");
            return density;
        }
    }
}
