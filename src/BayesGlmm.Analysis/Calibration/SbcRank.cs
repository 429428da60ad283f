// The rank of a prior draw among posterior draws, with ties and missing draws broken at random.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// The SBC rank statistic (Talts et al. 2018, Alg. 1; Modrák et al. 2023, sec. 2):
/// r = #{m : θ⁽ᵐ⁾ &lt; θ*} + U with U uniform on the integers 0..#{m : θ⁽ᵐ⁾ = θ* or θ⁽ᵐ⁾ is missing},
/// as SBC's <c>calculate_ranks_draws_matrix</c> breaks ties. With M draws r lies in 0..M, and M is the
/// <c>max_rank</c>. With continuous draws r is the plain count.
/// </summary>
public static class SbcRank
{
    /// <summary>The rank of <paramref name="priorValue"/> among <paramref name="draws"/>, ties drawn from <paramref name="rng"/>.</summary>
    public static int Compute(double priorValue, ReadOnlySpan<double> draws, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var (less, ties) = Range(priorValue, draws);
        return ties == 0 ? less : less + (int)rng.NextBounded((ulong)ties + 1);
    }

    /// <summary>The count of draws below the prior value and the count tied with it or missing (NaN).</summary>
    public static (int Less, int Ties) Range(double priorValue, ReadOnlySpan<double> draws)
    {
        int less = 0, ties = 0;
        foreach (double d in draws)
        {
            if (double.IsNaN(d) || d == priorValue || double.IsNaN(priorValue)) ties++;
            else if (d < priorValue) less++;
        }
        return (less, ties);
    }
}
