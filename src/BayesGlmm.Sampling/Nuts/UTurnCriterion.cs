// The generalised no-U-turn criterion on the summed momentum of a trajectory span.
using System.Numerics.Tensors;

namespace BayesGlmm.Sampling.Nuts;

/// <summary>
/// The generalised no-U-turn criterion (Betancourt 2017, §A.4.2, eq. 17; Stan's <c>compute_criterion</c>):
/// a span whose end velocities are p♯₋ and p♯₊ and whose summed momentum (every state, both ends
/// included) is ρ keeps growing only while p♯₋·ρ &gt; 0 and p♯₊·ρ &gt; 0.
/// </summary>
internal static class UTurnCriterion
{
    /// <summary>True while the span has not turned: p♯₋·ρ &gt; 0 and p♯₊·ρ &gt; 0 (strict, as Stan).</summary>
    public static bool Persists(ReadOnlySpan<double> velocityMinus, ReadOnlySpan<double> velocityPlus, ReadOnlySpan<double> rho) =>
        TensorPrimitives.Dot(velocityPlus, rho) > 0 && TensorPrimitives.Dot(velocityMinus, rho) > 0;

    /// <summary>
    /// The three checks Stan (≥ 2.21, stan-dev/stan #2800) runs when two adjacent subtrees A (earlier in the
    /// direction of growth) and B merge: the whole span (ρ_A + ρ_B, velocities at A's start and B's end);
    /// A extended by B's first state (ρ_A + p(B first), at A's start and B's first state); and B extended by
    /// A's last state (ρ_B + p(A last), at A's last state and B's end). <paramref name="scratch"/> holds the
    /// extended sums; <paramref name="rhoMerged"/> must already hold ρ_A + ρ_B.
    /// </summary>
    public static bool PersistsAcrossMerge(
        ReadOnlySpan<double> rhoMerged,
        ReadOnlySpan<double> rhoA, ReadOnlySpan<double> rhoB,
        ReadOnlySpan<double> velocityAStart, ReadOnlySpan<double> velocityAEnd,
        ReadOnlySpan<double> momentumAEnd,
        ReadOnlySpan<double> velocityBStart, ReadOnlySpan<double> velocityBEnd,
        ReadOnlySpan<double> momentumBStart,
        Span<double> scratch)
    {
        if (!Persists(velocityAStart, velocityBEnd, rhoMerged)) return false;
        TensorPrimitives.Add(rhoA, momentumBStart, scratch);
        if (!Persists(velocityAStart, velocityBStart, scratch)) return false;
        TensorPrimitives.Add(rhoB, momentumAEnd, scratch);
        return Persists(velocityAEnd, velocityBEnd, scratch);
    }
}
