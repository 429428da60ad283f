// Where a chain starts: random values on the unconstrained scale retried until finite, or the caller's point checked once.
using BayesGlmm.Numerics.Optimization;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Chains;

/// <summary>
/// Stan's random initialisation: each coordinate uniform on (−R, R), retried while not finite (Stan Reference Manual,
/// "Initialization"); or a point given per chain (<see cref="IInitialPointSource"/>), evaluated once and refused when not finite.
/// </summary>
internal static class InitialPoint
{
    /// <summary>The number of attempts before giving up (Stan's <c>MAX_INIT_TRIES</c>).</summary>
    public const int MaxAttempts = 100;

    /// <summary>Fills <paramref name="state"/> with a point whose log density and gradient are finite.</summary>
    /// <exception cref="SamplerInitializationException">No such point within <see cref="MaxAttempts"/> draws.</exception>
    public static void Find(int chain, Hamiltonian hamiltonian, RandomStream rng, double radius, Proposal state)
    {
        if (!TryRandom(hamiltonian.Evaluate, rng, radius, state.Position, state.Gradient, out double logDensity))
            throw new SamplerInitializationException(chain, MaxAttempts, radius);
        state.LogDensity = logDensity;
        state.Energy = double.NaN;
    }

    /// <summary>
    /// Stan's random start into <paramref name="position"/>: each coordinate uniform on (−radius, radius) from
    /// <paramref name="rng"/>, drawn anew while the log density or the gradient is not finite, at most <see cref="MaxAttempts"/>
    /// times; false when no draw was finite.
    /// </summary>
    public static bool TryRandom(ObjectiveFunction evaluate, RandomStream rng, double radius, Span<double> position,
        Span<double> gradient, out double logDensity)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            for (int i = 0; i < position.Length; i++) position[i] = rng.NextUniform(-radius, radius);
            logDensity = evaluate(position, gradient);
            if (double.IsFinite(logDensity) && AllFinite(gradient)) return true;
        }
        logDensity = double.NaN;
        return false;
    }

    /// <summary>
    /// Fills <paramref name="state"/> with the point <paramref name="source"/> writes for <paramref name="chain"/>, drawing
    /// from the chain's stream <paramref name="rng"/> and evaluating through <paramref name="hamiltonian"/> (so every
    /// evaluation is counted); the point is evaluated once more and must have a finite log density and gradient.
    /// </summary>
    /// <exception cref="SamplerInitializationException">The log density or a gradient component is not finite there.</exception>
    public static void FromSource(int chain, Hamiltonian hamiltonian, IInitialPointSource source, RandomStream rng, Proposal state)
    {
        Span<double> q = state.Position;
        q.Clear();
        source.Write(chain, new CountedDensity(hamiltonian), rng, q);
        double logDensity = hamiltonian.Evaluate(q, state.Gradient);
        int bad = FirstNonFinite(state.Gradient);
        if (!double.IsFinite(logDensity) || bad >= 0 || FirstNonFinite(q) >= 0)
            throw new SamplerInitializationException(chain, logDensity, FirstNonFinite(q), bad);
        state.LogDensity = logDensity;
        state.Energy = double.NaN;
    }

    private static bool AllFinite(ReadOnlySpan<double> values) => FirstNonFinite(values) < 0;

    private static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>The chain's density seen through its Hamiltonian, so that an initial-point source's evaluations are counted.</summary>
    private sealed class CountedDensity(Hamiltonian hamiltonian) : ILogDensity
    {
        public int Dimension => hamiltonian.Dimension;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => hamiltonian.Evaluate(position, gradient);
    }
}
