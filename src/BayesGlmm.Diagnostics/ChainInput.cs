// Turns the public per-chain arrays into the contiguous chains-major layout the diagnostics read.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Validates and flattens <c>IReadOnlyList&lt;double[]&gt;</c> input: chain c occupies
/// [c·n, (c+1)·n) of the result, the layout of <see cref="Draws.AllChains"/>.
/// </summary>
internal static class ChainInput
{
    /// <summary>
    /// Copies the chains into a pooled buffer. Throws <see cref="ArgumentException"/> only for
    /// a malformed call (null chain, unequal lengths); values are never checked here.
    /// </summary>
    public static PooledBuffer Flatten(IReadOnlyList<double[]> chains, out int chainCount)
    {
        ArgumentNullException.ThrowIfNull(chains);
        chainCount = chains.Count;
        if (chainCount == 0) return new PooledBuffer(0);
        int n = chains[0]?.Length ?? throw new ArgumentException("A chain is null.", nameof(chains));
        for (int c = 1; c < chainCount; c++)
        {
            if (chains[c] is null) throw new ArgumentException("A chain is null.", nameof(chains));
            if (chains[c].Length != n)
                throw new ArgumentException($"Chains must have equal lengths: chain 1 has {n} draws, chain {c + 1} has {chains[c].Length}.", nameof(chains));
        }
        var buffer = new PooledBuffer(checked(chainCount * n));
        Span<double> span = buffer.Span;
        for (int c = 0; c < chainCount; c++) chains[c].CopyTo(span.Slice(c * n, n));
        return buffer;
    }

    /// <summary>Checks that <paramref name="draws"/> splits into <paramref name="chainCount"/> equal chains.</summary>
    public static void Validate(ReadOnlySpan<double> draws, int chainCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chainCount);
        if (chainCount == 0 ? draws.Length != 0 : draws.Length % chainCount != 0)
            throw new ArgumentException($"{draws.Length} draws do not split into {chainCount} chains of equal length.", nameof(draws));
    }
}
