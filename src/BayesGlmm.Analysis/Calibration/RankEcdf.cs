// The empirical CDF of SBC ranks on the K-point grid z_i = i/K, as counts.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// The ECDF of N ranks in 0..L (L = max_rank) read on the grid z_i = i/K, i = 0..K
/// (Säilynoja, Bürkner &amp; Vehtari 2022, sec. 3; SBC's <c>data_for_ecdf_plots</c>): with
/// base_i = ⌊i·((L+1)/K)⌋, N·F̂(z_i) = #{n : r_n &lt; base_i}. When K = L + 1 the ECDF is exact; when
/// K &lt; L + 1 it is read at base_i/(L+1) ≤ z_i and the band is approximate.
/// </summary>
public static class RankEcdf
{
    /// <summary>
    /// SBC's default number of grid intervals: L + 1 when N &lt; 50, otherwise min(L + 1, N).
    /// </summary>
    public static int DefaultGridSize(int simulationCount, int maxRank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(simulationCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRank, 1);
        return simulationCount < 50 ? maxRank + 1 : Math.Min(maxRank + 1, simulationCount);
    }

    /// <summary>Returns N·F̂(z_i) for i = 0..K: how many ranks lie below base_i.</summary>
    public static int[] Counts(ReadOnlySpan<int> ranks, int maxRank, int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRank, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        var histogram = new int[maxRank + 2];
        foreach (int r in ranks)
        {
            if (r < 0 || r > maxRank) throw new ArgumentOutOfRangeException(nameof(ranks), $"Rank {r} is outside 0..{maxRank}.");
            histogram[r + 1]++;
        }
        // cumulative[b] = #{r < b}
        for (int b = 1; b < histogram.Length; b++) histogram[b] += histogram[b - 1];
        double step = (double)(maxRank + 1) / gridSize;
        var counts = new int[gridSize + 1];
        for (int i = 0; i <= gridSize; i++)
        {
            int b = (int)Math.Floor(i * step);
            counts[i] = histogram[Math.Min(b, maxRank + 1)];
        }
        return counts;
    }

    /// <summary>The ECDF differences F̂(z_i) − z_i for i = 0..K, as plotted in the ECDF-difference plot.</summary>
    public static double[] Differences(ReadOnlySpan<int> counts, int simulationCount)
    {
        int k = counts.Length - 1;
        var result = new double[counts.Length];
        for (int i = 0; i <= k; i++) result[i] = (double)counts[i] / simulationCount - SimultaneousBand.GridPoint(i, k);
        return result;
    }
}
