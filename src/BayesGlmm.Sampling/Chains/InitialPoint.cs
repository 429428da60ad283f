// Random initial values on the unconstrained scale, retried until the density and gradient are finite.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Chains;

/// <summary>Stan's random initialisation: each coordinate uniform on (−R, R), retried while not finite.</summary>
internal static class InitialPoint
{
    /// <summary>The number of attempts before giving up (Stan's <c>MAX_INIT_TRIES</c>).</summary>
    public const int MaxAttempts = 100;

    /// <summary>Fills <paramref name="state"/> with a point whose log density and gradient are finite.</summary>
    /// <exception cref="SamplerInitializationException">No such point within <see cref="MaxAttempts"/> draws.</exception>
    public static void Find(int chain, Hamiltonian hamiltonian, RandomStream rng, double radius, Proposal state)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Span<double> q = state.Position;
            for (int i = 0; i < q.Length; i++) q[i] = rng.NextUniform(-radius, radius);
            double logDensity = hamiltonian.Evaluate(q, state.Gradient);
            if (double.IsFinite(logDensity) && AllFinite(state.Gradient))
            {
                state.LogDensity = logDensity;
                state.Energy = double.NaN;
                return;
            }
        }
        throw new SamplerInitializationException(chain, MaxAttempts, radius);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
