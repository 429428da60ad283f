// Chains of unequal length (an interrupted run): the chains and common length that R-hat and ESS are computed on.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// R-hat, ESS and MCSE compare chains of one length (Vehtari et al. 2021 split every chain in two halves of equal
/// size). When a run is interrupted its chains stop at different points, and Stan's analysis cuts every chain to
/// the shortest (<c>compute_potential_scale_reduction</c> and <c>compute_effective_sample_size</c> take the minimum
/// size over the chains). Cutting to the shortest throws most draws away when a chain barely started, so this picks
/// the largest equal-length block instead: the chains and common length that keep the most draws, ties going to
/// more chains. With chains of 1000, 1000, 30 and 30 draws that is chains 1–2 with 1000 draws each; with 600, 598,
/// 0 and 0 it is chains 1–2 with their first 598; with equal chains it is every chain whole.
/// </summary>
public static class EqualLengthChains
{
    /// <summary>
    /// The block for chains of <paramref name="lengths"/> draws: the 0-based chains in chain order and the common
    /// length. Chains with no draws are never chosen; when no chain has a draw the block is empty.
    /// </summary>
    public static (int[] Chains, int Length) Largest(IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var longestFirst = Enumerable.Range(0, lengths.Count).Where(c => lengths[c] > 0)
            .OrderByDescending(c => lengths[c]).ThenBy(c => c).ToArray();
        int bestCount = 0, bestLength = 0;
        long bestDraws = 0;
        for (int k = 1; k <= longestFirst.Length; k++)
        {
            int length = lengths[longestFirst[k - 1]];
            long draws = (long)k * length;
            if (draws >= bestDraws)
            {
                (bestCount, bestLength, bestDraws) = (k, length, draws);
            }
        }
        var chains = longestFirst.Take(bestCount).Order().ToArray();
        return (chains, bestLength);
    }

    /// <summary>
    /// A copy of <paramref name="chains"/> of <paramref name="draws"/>, each cut to its first <paramref name="length"/>
    /// iterations; <paramref name="draws"/> itself when that is all of it.
    /// </summary>
    public static Draws Select(Draws draws, IReadOnlyList<int> chains, int length)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(chains);
        if (length == draws.IterationCount && chains.Count == draws.ChainCount && chains.Select((c, i) => c == i).All(x => x)) return draws;
        var block = new Draws(draws.Variables, chains.Count, length);
        for (int v = 0; v < draws.Variables.Count; v++)
            for (int j = 0; j < chains.Count; j++) draws.Chain(v, chains[j])[..length].CopyTo(block.Chain(v, j));
        return block;
    }
}
