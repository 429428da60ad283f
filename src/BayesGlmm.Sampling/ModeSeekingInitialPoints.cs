// Where each chain starts when it should not start in the far tail: Stan's random point, then L-BFGS towards the mode.
using BayesGlmm.Numerics.Optimization;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling;

/// <summary>
/// Each chain's own Stan random point (uniform(−R, R) on the unconstrained scale, retried while not finite), moved towards
/// the posterior mode by at most <see cref="MaximumIterations"/> iterations of L-BFGS on −log p (Nocedal &amp; Wright 2006,
/// Algorithms 7.4–7.5; <see cref="LimitedMemoryBfgs"/>). This is the optimisation phase with which Stan's Pathfinder
/// initialises its chains (Zhang, Carpenter, Gelman &amp; Vehtari 2022, §2, JMLR 23(306)), without its normal
/// approximation: a start that is out of the far tail (a log density of −10⁸ at a random point of a Poisson model with
/// observation-level effects) lets a short warmup adapt its metric where the draws will be, and the warmup itself moves the
/// chains apart again. Chains that start from different random points stop at different points when the iteration limit
/// or the loose tolerance (<see cref="RelativeTolerance"/>) ends the search before the mode; at a mode they start together,
/// as Pathfinder's single-path initialisation does. Every evaluation counts among the chain's gradients.
/// </summary>
/// <remarks>
/// <paramref name="heldAtStart"/> lists coordinates the search leaves at their random start (their gradient is taken as 0,
/// so L-BFGS never moves them): a centred hierarchical model's log sds, whose density has no maximum (it grows without
/// bound as an sd goes to 0 with every effect at its mean), so that a free search would end in that spike.
/// </remarks>
public sealed class ModeSeekingInitialPoints(double radius = 2.0, int maximumIterations = 200, double relativeTolerance = 1e-8,
    IReadOnlyList<int>? heldAtStart = null) : IInitialPointSource
{
    private readonly int[] _held = heldAtStart?.ToArray() ?? [];

    /// <summary>The half-width R of the random start's uniform draws (Stan's 2).</summary>
    public double Radius { get; } = radius >= 0 && double.IsFinite(radius) ? radius : throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius is a finite number of at least 0.");

    /// <summary>The most L-BFGS iterations per chain.</summary>
    public int MaximumIterations { get; } = maximumIterations >= 0 ? maximumIterations : throw new ArgumentOutOfRangeException(nameof(maximumIterations), maximumIterations, "The iterations are at least 0.");

    /// <summary>The search stops when an iteration lowers −log p by less than this times max(1, |log p|).</summary>
    public double RelativeTolerance { get; } = relativeTolerance >= 0 ? relativeTolerance : throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance is at least 0.");

    /// <inheritdoc />
    /// <exception cref="SamplerInitializationException">No random point with a finite log density and gradient within 100 draws.</exception>
    public void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(rng);
        var gradient = new double[position.Length];
        if (!Chains.InitialPoint.TryRandom(density.Evaluate, rng, Radius, position, gradient, out _))
            throw new SamplerInitializationException(chain, Chains.InitialPoint.MaxAttempts, Radius);
        if (MaximumIterations == 0) return;
        var result = LimitedMemoryBfgs.Minimize((x, g) =>
        {
            double value = density.Evaluate(x, g);
            for (int i = 0; i < g.Length; i++) g[i] = -g[i];
            foreach (int i in _held) g[i] = 0.0;
            // A non-finite gradient is a point the search must not take: the line search backtracks from an infinite value.
            return double.IsFinite(value) && AllFinite(g) ? -value : double.PositiveInfinity;
        }, position, new LimitedMemoryBfgsOptions(MaximumIterations: MaximumIterations, RelativeValueTolerance: RelativeTolerance, GradientTolerance: 1e-8));
        result.Minimum.CopyTo(position);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
