// Keeps a long trace drawable: each bucket of iterations reduced to its lowest and highest draw, in order.
namespace BayesGlmm.Plotting;

/// <summary>
/// Min–max decimation of a trace for plotting: the iterations are cut into at most <c>buckets</c> runs of equal
/// length, and each run is drawn by its lowest and its highest value, in the order they occurred. At the width of a
/// plot this draws the same envelope as every draw (each bucket is narrower than a pixel column), while the
/// plotted points, the SVG's size and the render time stay bounded whatever the number of draws. A trace no
/// longer than <c>2 × buckets</c> is kept whole.
/// </summary>
public static class TraceThinning
{
    /// <summary>Buckets per trace: about one per horizontal pixel of a plot's data area.</summary>
    public const int DefaultBuckets = 600;

    /// <summary>
    /// The points to draw of the trace <paramref name="values"/> (iteration i at x = i + 1): every point when the
    /// trace is short, otherwise each bucket's minimum and maximum at their own iterations. Non-finite values are
    /// kept where they fall, so that gaps stay visible.
    /// </summary>
    public static (double[] X, double[] Y) MinMax(ReadOnlySpan<double> values, int buckets = DefaultBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        int n = values.Length;
        if (n <= 2 * buckets)
        {
            var xs = new double[n];
            for (int i = 0; i < n; i++) xs[i] = i + 1;
            return (xs, values.ToArray());
        }
        var x = new List<double>(2 * buckets);
        var y = new List<double>(2 * buckets);
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * n / buckets), end = (int)((long)(b + 1) * n / buckets);
            int lo = -1, hi = -1, bad = -1;
            for (int i = start; i < end; i++)
            {
                double v = values[i];
                if (!double.IsFinite(v))
                {
                    if (bad < 0) bad = i;
                    continue;
                }
                if (lo < 0 || v < values[lo]) lo = i;
                if (hi < 0 || v > values[hi]) hi = i;
            }
            Span<int> keep = [lo, hi, bad];
            keep.Sort();
            int last = -1;
            foreach (int i in keep)
            {
                if (i < 0 || i == last) continue;
                x.Add(i + 1);
                y.Add(values[i]);
                last = i;
            }
        }
        return (x.ToArray(), y.ToArray());
    }

    /// <summary>
    /// The iterations (1-based) to mark among <paramref name="flagged"/> (0-based, ascending) in a trace of
    /// <paramref name="length"/> iterations: all of them when the trace is kept whole, otherwise the first in each bucket.
    /// </summary>
    public static double[] Marks(IReadOnlyList<int> flagged, int length, int buckets = DefaultBuckets)
    {
        if (length <= 2 * buckets) return flagged.Select(i => (double)(i + 1)).ToArray();
        var marks = new List<double>();
        long lastBucket = -1;
        foreach (int i in flagged)
        {
            long b = (long)i * buckets / length;
            if (b == lastBucket) continue;
            marks.Add(i + 1);
            lastBucket = b;
        }
        return marks.ToArray();
    }
}
