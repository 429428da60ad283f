// Rank normalisation: average ranks over all draws, then the Blom normal scores (Vehtari et al. 2021, eq. 14).
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Diagnostics;

/// <summary>
/// posterior's <c>z_scale</c>: every draw is replaced by its rank r among all S draws jointly (ties get
/// the average rank, so a discrete variable keeps its distinct values), then by
/// z = Φ⁻¹((r − 3/8)/(S − 2·3/8 + 1)), Blom's offset (Vehtari et al. 2021, §4.1, eq. 14).
/// </summary>
internal static class RankNormalization
{
    private const double BlomOffset = 3.0 / 8.0;

    [ThreadStatic] private static double[]? t_scores;
    [ThreadStatic] private static int t_scoresFor;
    [ThreadStatic] private static int[]? t_order;

    /// <summary>
    /// Replaces the finite values in <paramref name="values"/> by their normal scores, in place.
    /// The caller guarantees the values are finite.
    /// </summary>
    public static void ZScaleInPlace(Span<double> values)
    {
        int s = values.Length;
        if (s == 0) return;
        double[] scores = ScoreTable(s);
        int[] order = t_order is { } o && o.Length >= s ? o : (t_order = new int[Math.Max(s, 16)]);
        Span<int> index = order.AsSpan(0, s);
        RadixOrder.Ascending(values, index);
        using var keys = new PooledBuffer(s);
        Span<double> sorted = keys.Span;
        for (int i = 0; i < s; i++) sorted[i] = values[index[i]];
        AssignScores(sorted, index, scores, values);
    }

    /// <summary>
    /// Writes the normal score of every value into <paramref name="destination"/>, given the values in ascending
    /// order (<paramref name="sorted"/>) and where each came from (<paramref name="order"/>): the rank-normalised
    /// draws of <see cref="ZScaleInPlace"/> for a caller that has sorted them already.
    /// </summary>
    public static void ZScale(ReadOnlySpan<double> sorted, ReadOnlySpan<int> order, Span<double> destination) =>
        AssignScores(sorted, order, ScoreTable(sorted.Length), destination);

    private static void AssignScores(ReadOnlySpan<double> sorted, ReadOnlySpan<int> order, double[] scores, Span<double> destination)
    {
        int s = sorted.Length;
        int start = 0;
        while (start < s)
        {
            int end = start + 1;
            while (end < s && sorted[end] == sorted[start]) end++;
            // Tied block at 0-based positions [start, end): average 1-based rank (start + 1 + end)/2,
            // so twice the rank is start + 1 + end, an integer index into the score table.
            double z = scores[start + 1 + end];
            for (int i = start; i < end; i++) destination[order[i]] = z;
            start = end;
        }
    }

    /// <summary>Φ⁻¹((r − 3/8)/(S + 1/4)) for every half-integer rank r = k/2, indexed by k.</summary>
    private static double[] ScoreTable(int s)
    {
        if (t_scores is { } cached && t_scoresFor == s) return cached;
        var table = new double[2 * s + 1];
        double denominator = s - 2 * BlomOffset + 1;
        for (int k = 2; k <= 2 * s; k++)
            table[k] = Normal.InvCDF(0.0, 1.0, (k / 2.0 - BlomOffset) / denominator);
        t_scores = table;
        t_scoresFor = s;
        return table;
    }
}
