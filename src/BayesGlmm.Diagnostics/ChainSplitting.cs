// Split chains: each chain's first and second halves become two chains (Vehtari et al. 2021, §4.1).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// posterior 1.4.0's <c>.split_chains</c>: a chain of n draws becomes two chains of ⌊n/2⌋; for odd n
/// the middle draw is dropped; a chain of one draw is left whole. Chains stay contiguous, first
/// halves and second halves interleaved (chain 1 first half, chain 1 second half, ...); every
/// diagnostic computed on split chains is invariant to that order.
/// </summary>
internal static class ChainSplitting
{
    /// <summary>The number of split chains and their length for <paramref name="chainCount"/> chains of <paramref name="n"/>.</summary>
    public static (int Chains, int Length) Shape(int chainCount, int n) =>
        n <= 1 ? (chainCount, n) : (2 * chainCount, n / 2);

    /// <summary>
    /// Writes the split chains of <paramref name="draws"/> (chain-contiguous, <paramref name="chainCount"/>
    /// chains) into <paramref name="destination"/> (length at least Chains·Length of <see cref="Shape"/>).
    /// Returns the used part.
    /// </summary>
    public static Span<double> Split(ReadOnlySpan<double> draws, int chainCount, Span<double> destination)
    {
        if (chainCount == 0) return destination[..0];
        int n = draws.Length / chainCount;
        if (n <= 1)
        {
            draws.CopyTo(destination);
            return destination[..draws.Length];
        }
        int half = n / 2;
        for (int c = 0; c < chainCount; c++)
        {
            ReadOnlySpan<double> chain = draws.Slice(c * n, n);
            chain[..half].CopyTo(destination.Slice(2 * c * half, half));
            chain[(n - half)..].CopyTo(destination.Slice((2 * c + 1) * half, half));
        }
        return destination[..(2 * chainCount * half)];
    }
}
