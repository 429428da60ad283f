// The posterior summary table: one SummaryRow per variable, computed in parallel, in the draws' order.
using System.Buffers;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Summaries;

/// <summary>
/// Summarises every variable of a <see cref="Draws"/> as posterior's <c>summarise_draws</c> would with
/// the columns of <see cref="SummaryRow"/>. Variables are processed in parallel; rows come back in
/// the order of <see cref="Draws.Variables"/> whatever the scheduling.
/// </summary>
public static class PosteriorSummary
{
    /// <summary>The sampler variable that is always summarised.</summary>
    public const string LogDensityVariable = "lp__";

    /// <summary>
    /// One row per variable. <c>lp__</c> is kept; other names ending in <c>__</c> (sampler quantities)
    /// are left out unless <paramref name="includeSamplerVariables"/> is true.
    /// </summary>
    public static IReadOnlyList<SummaryRow> Compute(Draws draws, bool includeSamplerVariables = false)
    {
        ArgumentNullException.ThrowIfNull(draws);
        int[] selected = Enumerable.Range(0, draws.Variables.Count)
            .Where(v => includeSamplerVariables || IsSummarised(draws.Variables[v]))
            .ToArray();
        var rows = new SummaryRow[selected.Length];
        Parallel.For(0, selected.Length, i => rows[i] = Row(draws, selected[i]));
        return rows;
    }

    /// <summary>True for parameters and <c>lp__</c>; false for other sampler quantities (names ending in <c>__</c>).</summary>
    public static bool IsSummarised(string variable) =>
        variable == LogDensityVariable || !variable.EndsWith("__", StringComparison.Ordinal);

    private static SummaryRow Row(Draws draws, int variable)
    {
        ReadOnlySpan<double> values = draws.AllChains(variable);
        int chains = draws.ChainCount;
        double mean = Moments.Mean(values);
        double sd = Math.Sqrt(Moments.Variance(values, mean));
        double q5 = double.NaN, q50 = double.NaN, q95 = double.NaN;
        if (!values.IsEmpty && !HasNaN(values))
        {
            double[] rented = ArrayPool<double>.Shared.Rent(values.Length);
            try
            {
                Span<double> sorted = rented.AsSpan(0, values.Length);
                values.CopyTo(sorted);
                sorted.Sort();
                q5 = Quantiles.Type7Sorted(sorted, 0.05);
                q50 = Quantiles.Type7Sorted(sorted, 0.5);
                q95 = Quantiles.Type7Sorted(sorted, 0.95);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
        return new SummaryRow(
            draws.Variables[variable], mean, sd, q5, q50, q95,
            Mcse.Mean(values, chains), Mcse.Sd(values, chains),
            Ess.Bulk(values, chains), Ess.Tail(values, chains), Rhat.Rank(values, chains));
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (double.IsNaN(v)) return true;
        return false;
    }
}
