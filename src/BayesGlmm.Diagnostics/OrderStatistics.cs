// Selection of order statistics in linear expected time (Hoare's FIND with median-of-three pivots).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Partial ordering for quantiles: after <see cref="Select"/>, position k holds the k-th smallest value,
/// everything before it is ≤ and everything after it is ≥ (Hoare 1961). Falls back to a full sort when
/// partitioning degenerates, so the worst case stays O(n log n).
/// </summary>
internal static class OrderStatistics
{
    /// <summary>Rearranges <paramref name="values"/> (no NaN) so that index <paramref name="k"/> holds its order statistic.</summary>
    public static void Select(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        int budget = 2 * System.Numerics.BitOperations.Log2((uint)Math.Max(values.Length, 1)) + 8;
        while (hi > lo)
        {
            if (hi - lo < 16 || budget-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return;
            }
            int mid = lo + (hi - lo) / 2;
            // Median of three as pivot, moved to values[lo].
            if (values[mid] < values[lo]) Swap(values, mid, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[mid]) Swap(values, hi, mid);
            double pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    Swap(values, i, j);
                    i++;
                    j--;
                }
            }
            // Now [lo, j] ≤ pivot ≤ [i, hi], and values strictly between j and i equal the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /// <summary>The smallest value of <paramref name="values"/> (no NaN, not empty).</summary>
    public static double Min(ReadOnlySpan<double> values)
    {
        double min = values[0];
        for (int i = 1; i < values.Length; i++)
            if (values[i] < min) min = values[i];
        return min;
    }

    private static void Swap(Span<double> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
