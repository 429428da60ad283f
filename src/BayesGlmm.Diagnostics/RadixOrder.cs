// The ascending order of doubles by least-significant-digit radix sort on their order-preserving bit patterns.
using System.Buffers;

namespace BayesGlmm.Diagnostics;

/// <summary>
/// Sorts draw indices by value in O(n) passes: each double maps to a 64-bit key whose unsigned order is
/// the numeric order (flip all bits of negatives, the sign bit of the rest), then eight stable byte-wise
/// counting passes, skipping any byte that all keys share. Rank normalisation runs this twice per
/// variable, so it replaces a comparison sort with index payload on the hot path.
/// </summary>
internal static class RadixOrder
{
    /// <summary>Fills <paramref name="order"/> with the indices of finite <paramref name="values"/> in ascending order (stable).</summary>
    public static void Ascending(ReadOnlySpan<double> values, Span<int> order)
    {
        int n = values.Length;
        ulong[] keysA = ArrayPool<ulong>.Shared.Rent(n), keysB = ArrayPool<ulong>.Shared.Rent(n);
        int[] indexB = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<int> counts = stackalloc int[8 * 256];
            counts.Clear();
            for (int i = 0; i < n; i++)
            {
                long bits = BitConverter.DoubleToInt64Bits(values[i]);
                ulong key = bits < 0 ? ~(ulong)bits : (ulong)bits | 0x8000_0000_0000_0000UL;
                keysA[i] = key;
                order[i] = i;
                for (int b = 0; b < 8; b++) counts[(b << 8) + (int)((key >> (8 * b)) & 0xFF)]++;
            }

            Span<ulong> sourceKeys = keysA.AsSpan(0, n), targetKeys = keysB.AsSpan(0, n);
            Span<int> sourceIndex = order, targetIndex = indexB.AsSpan(0, n);
            bool inOrder = true; // whether the current source index span is `order`
            Span<int> offsets = stackalloc int[256];
            for (int b = 0; b < 8 && n > 0; b++)
            {
                Span<int> count = counts.Slice(b << 8, 256);
                if (count[(int)((sourceKeys[0] >> (8 * b)) & 0xFF)] == n) continue; // every key shares this byte
                int running = 0;
                for (int d = 0; d < 256; d++)
                {
                    offsets[d] = running;
                    running += count[d];
                }
                for (int i = 0; i < n; i++)
                {
                    ulong key = sourceKeys[i];
                    int position = offsets[(int)((key >> (8 * b)) & 0xFF)]++;
                    targetKeys[position] = key;
                    targetIndex[position] = sourceIndex[i];
                }
                Span<ulong> swapKeys = sourceKeys;
                sourceKeys = targetKeys;
                targetKeys = swapKeys;
                Span<int> swapIndex = sourceIndex;
                sourceIndex = targetIndex;
                targetIndex = swapIndex;
                inOrder = !inOrder;
            }
            if (!inOrder) sourceIndex.CopyTo(order);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keysA);
            ArrayPool<ulong>.Shared.Return(keysB);
            ArrayPool<int>.Shared.Return(indexB);
        }
    }
}
