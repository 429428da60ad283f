// One variable's summary — mean, sd, quantiles, MCSEs, bulk and tail ESS, rank R-hat — from one sort of its draws.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// The columns of posterior's <c>summarise_draws</c> (default and convergence measures) for one variable: the
/// same numbers as <see cref="Moments"/>, <see cref="Quantiles.Type7"/>, <see cref="Mcse.Mean(ReadOnlySpan{double}, int)"/>,
/// <see cref="Mcse.Sd(ReadOnlySpan{double}, int)"/>, <see cref="Ess.Bulk(ReadOnlySpan{double}, int)"/>,
/// <see cref="Ess.Tail(ReadOnlySpan{double}, int)"/> and <see cref="Rhat.Rank(ReadOnlySpan{double}, int)"/> give one by one.
/// </summary>
/// <param name="Mean">The mean of all draws.</param>
/// <param name="Sd">Their standard deviation.</param>
/// <param name="Q5">The 5% quantile (type 7).</param>
/// <param name="Q50">The median.</param>
/// <param name="Q95">The 95% quantile.</param>
/// <param name="McseMean">MCSE of the mean.</param>
/// <param name="McseSd">MCSE of the standard deviation.</param>
/// <param name="EssBulk">Bulk ESS.</param>
/// <param name="EssTail">Tail ESS.</param>
/// <param name="Rhat">Rank-normalised split R-hat.</param>
public readonly record struct DrawSummary(
    double Mean, double Sd, double Q5, double Q50, double Q95,
    double McseMean, double McseSd, double EssBulk, double EssTail, double Rhat)
{
    /// <summary>
    /// Summarises the draws of one variable, all chains contiguous (chain-major).
    /// </summary>
    /// <remarks>
    /// Computed one by one, the measures sort or select the draws six times: the quantiles, the bulk ESS's and the
    /// R-hat's rank normalisation (the same normal scores twice), the 5% and 95% quantiles again for the tail ESS,
    /// the median again for the folded R-hat, and the folded draws' ranks. With chains of even length the split
    /// chains are the chains themselves in place (Vehtari et al. 2021, §4.1), so one radix sort of the draws gives
    /// all of it: the quantiles and the median are read off the sorted draws, the normal scores serve both bulk ESS
    /// and R-hat, and the folded draws |θ − median| come out sorted by merging the two sides of the median, whose
    /// distances grow outwards. What remains are the five autocorrelation sums of Geyer's ESS (draws, normal scores,
    /// squared deviations and the two tail indicators), which no measure shares. Odd chain lengths, which drop each
    /// chain's middle draw when split, and non-finite or constant draws take the one-by-one route.
    /// </remarks>
    public static DrawSummary Compute(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        int s = draws.Length;
        double mean = Moments.Mean(draws);
        double sd = Math.Sqrt(Moments.Variance(draws, mean));
        if (chainCount == 0 || s / chainCount % 2 == 1 || DrawChecks.ShouldReturnNaN(draws))
            return OneByOne(draws, chainCount, mean, sd);

        int splitChains = 2 * chainCount;
        int[] orderArray = System.Buffers.ArrayPool<int>.Shared.Rent(s);
        try
        {
            Span<int> order = orderArray.AsSpan(0, s);
            RadixOrder.Ascending(draws, order);
            using var sortedBuffer = new PooledBuffer(s);
            Span<double> sorted = sortedBuffer.Span;
            for (int i = 0; i < s; i++) sorted[i] = draws[order[i]];
            double q5 = Quantiles.Type7Sorted(sorted, 0.05), q50 = Quantiles.Type7Sorted(sorted, 0.5), q95 = Quantiles.Type7Sorted(sorted, 0.95);

            // Bulk ESS and the bulk half of R-hat: the rank-normalised draws.
            using var scores = new PooledBuffer(s);
            Span<double> z = scores.Span;
            RankNormalization.ZScale(sorted, order, z);
            double essBulk = GeyerEss.Compute(z, splitChains);
            double rhatBulk = global::BayesGlmm.Diagnostics.Rhat.Core(z, splitChains);

            // The folded half of R-hat: |θ − median| in ascending order, merged from both sides of the median.
            using var foldedBuffer = new PooledBuffer(s);
            Span<double> folded = foldedBuffer.Span;
            int[] foldedOrderArray = System.Buffers.ArrayPool<int>.Shared.Rent(s);
            double rhatTail;
            try
            {
                Span<int> foldedOrder = foldedOrderArray.AsSpan(0, s);
                MergeFolded(sorted, order, q50, folded, foldedOrder);
                RankNormalization.ZScale(folded, foldedOrder, z);
                rhatTail = global::BayesGlmm.Diagnostics.Rhat.Core(z, splitChains);
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(foldedOrderArray);
            }
            double rhat = double.IsNaN(rhatBulk) || double.IsNaN(rhatTail) ? double.NaN : Math.Max(rhatBulk, rhatTail);

            // MCSE of the mean: ESS of the draws themselves.
            double essMean = GeyerEss.Compute(draws, splitChains);
            double mcseMean = double.IsNaN(essMean) ? double.NaN : Moments.StandardDeviation(draws) / Math.Sqrt(essMean);

            // MCSE of the sd (Mcse.Sd): ESS of the squared deviations.
            Span<double> work = folded;
            for (int i = 0; i < s; i++)
            {
                double c = draws[i] - mean;
                work[i] = c * c;
            }
            double mcseSd = Mcse.SdFromSquares(work, chainCount);

            // Tail ESS: the indicators of the 5% and 95% quantiles.
            for (int i = 0; i < s; i++) work[i] = draws[i] <= q5 ? 1.0 : 0.0;
            double lower = GeyerEss.Compute(work, splitChains);
            for (int i = 0; i < s; i++) work[i] = draws[i] <= q95 ? 1.0 : 0.0;
            double upper = GeyerEss.Compute(work, splitChains);
            double essTail = double.IsNaN(lower) || double.IsNaN(upper) ? double.NaN : Math.Min(lower, upper);

            return new DrawSummary(mean, sd, q5, q50, q95, mcseMean, mcseSd, essBulk, essTail, rhat);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(orderArray);
        }
    }

    /// <summary>
    /// The folded values |sorted_i − median| in ascending order with the index of the draw each came from: below the
    /// median they grow towards the start of <paramref name="sorted"/>, from the median on towards its end, so a
    /// merge of the two runs sorts them (subtracting a constant is monotone in floating point, so the order is exact).
    /// </summary>
    private static void MergeFolded(ReadOnlySpan<double> sorted, ReadOnlySpan<int> order, double median, Span<double> folded, Span<int> foldedOrder)
    {
        int s = sorted.Length;
        int right = 0;
        while (right < s && sorted[right] < median) right++;
        int left = right - 1, k = 0;
        while (left >= 0 || right < s)
        {
            double a = left >= 0 ? Math.Abs(sorted[left] - median) : double.PositiveInfinity;
            double b = right < s ? Math.Abs(sorted[right] - median) : double.PositiveInfinity;
            if (b <= a)
            {
                folded[k] = b;
                foldedOrder[k++] = order[right++];
            }
            else
            {
                folded[k] = a;
                foldedOrder[k++] = order[left--];
            }
        }
    }

    /// <summary>Each measure by its own function: odd chain lengths, non-finite or constant draws.</summary>
    private static DrawSummary OneByOne(ReadOnlySpan<double> draws, int chainCount, double mean, double sd)
    {
        double q5 = double.NaN, q50 = double.NaN, q95 = double.NaN;
        if (!draws.IsEmpty && !HasNaN(draws))
        {
            using var buffer = new PooledBuffer(draws.Length);
            Span<double> sorted = buffer.Span;
            draws.CopyTo(sorted);
            sorted.Sort();
            q5 = Quantiles.Type7Sorted(sorted, 0.05);
            q50 = Quantiles.Type7Sorted(sorted, 0.5);
            q95 = Quantiles.Type7Sorted(sorted, 0.95);
        }
        return new DrawSummary(mean, sd, q5, q50, q95,
            Mcse.Mean(draws, chainCount), Mcse.Sd(draws, chainCount),
            Ess.Bulk(draws, chainCount), Ess.Tail(draws, chainCount), global::BayesGlmm.Diagnostics.Rhat.Rank(draws, chainCount));
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (double.IsNaN(v)) return true;
        return false;
    }
}
