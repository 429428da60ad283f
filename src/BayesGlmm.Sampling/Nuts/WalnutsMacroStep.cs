// One WALNUTS macro step: the coarsest power-of-two refinement of a leapfrog step whose energy error is small enough.
using System.Runtime.CompilerServices;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Nuts;

/// <summary>
/// The within-orbit adaptive leapfrog step of WALNUTS (Bou-Rabee, Carpenter, Kleppe, Liu &amp; Marsden 2025,
/// arXiv:2506.18746, Algorithm 2 and §3.2; reference code walnutpie <c>macro_step</c> and <c>reversible</c>, and nuts-rs
/// <c>src/walnuts.rs</c> for the max−min energy criterion):
/// <list type="bullet">
/// <item>a macro step of size ε from z is tried as n = 2^k leapfrog steps of ε/n for k = 0, 1, …, K, and the first
/// k whose Hamiltonian varies by at most δ over the micro steps (start included: max H − min H ≤ δ) is taken;</item>
/// <item>the choice is reversible only if, from the end point with the momentum reversed, no coarser 2^j (j &lt; k)
/// would meet the criterion; otherwise the macro step is irreversible and ends the trajectory without a draw from
/// the new subtree;</item>
/// <item>if no k ≤ K meets the criterion, the finest (k = K) is taken, again subject to the reversibility check —
/// a choice that is reversible by the same argument, since reversing K micro steps retraces them. Here this departs
/// from walnutpie and nuts-rs, which end the trajectory (nuts-rs reports it as a divergence): the state is then
/// judged as plain NUTS judges it, divergent only if H − H0 &gt; 1000, so a divergence keeps Stan's meaning.</item>
/// </list>
/// The energy after the unrefined attempt (k = 0) is kept for step-size adaptation (nuts-rs), so dual averaging
/// tunes ε as for plain leapfrog and refinement is spent only where the trajectory needs it.
/// </summary>
internal sealed class WalnutsMacroStep
{
    private readonly Hamiltonian _hamiltonian;
    private readonly double _maxError;
    private readonly int _maxHalvings;
    private readonly PhasePoint _start;
    private readonly PhasePoint _reverse;

    public WalnutsMacroStep(Hamiltonian hamiltonian, WalnutsOptions options)
    {
        _hamiltonian = hamiltonian;
        _maxError = options.MaxEnergyError;
        _maxHalvings = options.MaxStepHalvings;
        _start = new PhasePoint(hamiltonian.Dimension);
        _reverse = new PhasePoint(hamiltonian.Dimension);
    }

    /// <summary>The Hamiltonian after the unrefined attempt of the last macro step (+∞ if it failed).</summary>
    public double BaseEnergy { get; private set; }

    /// <summary>The number of halvings k taken by the last macro step.</summary>
    public int Halvings { get; private set; }

    /// <summary>
    /// Moves <paramref name="z"/> by one macro step of signed size <paramref name="epsilon"/> and returns whether the
    /// step is reversible. <paramref name="h0"/> is the trajectory's initial Hamiltonian: an end state with
    /// H − H0 &gt; <paramref name="maxDeltaH"/> (or non-finite) is divergent, and its reversibility is not checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Step(PhasePoint z, double epsilon, double h0, double maxDeltaH)
    {
        _start.CopyFrom(z);
        double hStart = z.Energy;
        int k = 0;
        while (true)
        {
            if (k > 0) z.CopyFrom(_start);
            int n = 1 << k;
            bool last = k == _maxHalvings;
            bool within = Integrate(z, epsilon / n, n, hStart, stopEarly: k > 0 && !last);
            if (k == 0) BaseEnergy = z.Energy;
            if (within || last) break;
            k++;
        }
        Halvings = k;
        z.Index = _start.Index + (epsilon > 0 ? 1 : -1);
        if (k == 0) return true;
        double h = z.Energy;
        if (!(h - h0 <= maxDeltaH)) return true; // divergent: the subtree ends anyway

        // From the end, backwards in time, no coarser refinement may meet the criterion.
        for (int j = 0; j < k; j++)
        {
            _reverse.CopyFrom(z);
            int n = 1 << j;
            if (Integrate(_reverse, -epsilon / n, n, h, stopEarly: true)) return false;
        }
        return true;
    }

    /// <summary>
    /// n leapfrog steps of size <paramref name="h"/> from <paramref name="z"/>; true if max H − min H over the start
    /// (energy <paramref name="hStart"/>) and every micro step stays within the threshold. With
    /// <paramref name="stopEarly"/> the integration stops as soon as the answer is known to be false; it always stops
    /// at a non-finite energy.
    /// </summary>
    private bool Integrate(PhasePoint z, double h, int n, double hStart, bool stopEarly)
    {
        double min = hStart, max = hStart;
        bool within = double.IsFinite(hStart);
        for (int i = 0; i < n; i++)
        {
            _hamiltonian.Leapfrog(z, h);
            double e = z.Energy;
            if (!double.IsFinite(e)) return false;
            if (e < min) min = e;
            if (e > max) max = e;
            if (max - min > _maxError)
            {
                within = false;
                if (stopEarly) return false;
            }
        }
        return within;
    }
}
