// Sample quantiles by R's default definition (Hyndman & Fan 1996, type 7).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Type-7 sample quantiles (R's <c>quantile</c> default; Hyndman &amp; Fan 1996): with h = (n − 1)p,
/// the value (1 − f)·x_(⌊h⌋+1) + f·x_(⌊h⌋+2), f = h − ⌊h⌋, over the order statistics x_(1) ≤ ... ≤ x_(n).
/// NaN when there are no values, any value is NaN, or p is not in [0, 1].
/// </summary>
public static class Quantiles
{
    /// <summary>The type-7 quantile <paramref name="p"/> of unsorted <paramref name="values"/> (not modified).</summary>
    public static double Type7(ReadOnlySpan<double> values, double p)
    {
        if (values.IsEmpty || !(p >= 0 && p <= 1)) return double.NaN;
        using var buffer = new PooledBuffer(values.Length);
        Span<double> work = buffer.Span;
        values.CopyTo(work);
        foreach (double v in work)
            if (double.IsNaN(v)) return double.NaN;
        // Selection instead of a full sort: x_(lo) by Hoare's FIND, x_(lo+1) the minimum above it.
        int n = work.Length;
        double index = (n - 1) * p;
        int lo = (int)Math.Floor(index);
        OrderStatistics.Select(work, lo);
        double q = work[lo];
        if (index > lo)
        {
            double next = OrderStatistics.Min(work[(lo + 1)..]);
            double h = index - lo;
            if (next != q) q = (1 - h) * q + h * next;
        }
        return q;
    }

    /// <summary>The type-7 quantile <paramref name="p"/> of <paramref name="sorted"/>, already in ascending order without NaN.</summary>
    public static double Type7Sorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty || !(p >= 0 && p <= 1)) return double.NaN;
        int n = sorted.Length;
        double index = (n - 1) * p; // 0-based position; R: 1 + (n − 1)p
        int lo = (int)Math.Floor(index);
        int hi = (int)Math.Ceiling(index);
        double q = sorted[lo];
        double h = index - lo;
        // As R: interpolate only when the position is fractional and the neighbours differ.
        if (index > lo && sorted[hi] != q) q = (1 - h) * q + h * sorted[hi];
        return q;
    }
}
