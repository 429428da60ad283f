// Stan's heuristic for a first step size: double or halve until one leapfrog step's acceptance crosses 0.8.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// The step-size initialisation of Stan's <c>base_hmc::init_stepsize</c> (after Hoffman &amp; Gelman 2014,
/// Algorithm 4, with Stan's constant threshold log 0.8): from the current position, each trial draws a fresh
/// momentum and takes one leapfrog step. If the first trial's ΔH = H0 − H exceeds log 0.8 the step size
/// doubles until it no longer does, otherwise it halves until ΔH is no longer below log 0.8; the last
/// step size tested is returned. Each trial costs one density evaluation (the gradient at the start is cached).
/// </summary>
internal static class StepSizeInitializer
{
    private static readonly double LogThreshold = Math.Log(0.8);

    /// <summary>
    /// Returns the heuristic step size starting from <paramref name="epsilon"/> at <paramref name="state"/>
    /// (left unchanged). <paramref name="scratch"/> is any phase point of the right dimension.
    /// </summary>
    public static double Find(Hamiltonian hamiltonian, RandomStream rng, Proposal state, PhasePoint scratch, double epsilon)
    {
        if (hamiltonian.Dimension == 0 || epsilon == 0 || epsilon > 1e7 || double.IsNaN(epsilon)) return epsilon;

        double deltaH = Trial(hamiltonian, rng, state, scratch, epsilon);
        int direction = deltaH > LogThreshold ? 1 : -1;
        while (true)
        {
            deltaH = Trial(hamiltonian, rng, state, scratch, epsilon);
            if (direction == 1 && !(deltaH > LogThreshold)) break;
            if (direction == -1 && !(deltaH < LogThreshold)) break;
            epsilon = direction == 1 ? 2 * epsilon : 0.5 * epsilon;
            if (epsilon > 1e7)
                throw new InvalidOperationException("Posterior is improper: the step-size search passed 1e7. Please check the model.");
            if (epsilon == 0)
                throw new InvalidOperationException("No acceptably small step size could be found. Perhaps the posterior is not continuous?");
        }
        return epsilon;
    }

    private static double Trial(Hamiltonian hamiltonian, RandomStream rng, Proposal state, PhasePoint z, double epsilon)
    {
        state.Position.CopyTo(z.Position, 0);
        state.Gradient.CopyTo(z.Gradient, 0);
        z.LogDensity = state.LogDensity;
        hamiltonian.SampleMomentum(z, rng);
        double h0 = z.Energy;
        hamiltonian.Leapfrog(z, epsilon);
        double h = z.Energy;
        double deltaH = h0 - h;
        return double.IsNaN(deltaH) ? double.NegativeInfinity : deltaH;
    }
}
