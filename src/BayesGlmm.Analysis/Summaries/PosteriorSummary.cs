// The posterior summary table: one SummaryRow per variable, computed in parallel, in the draws' order.
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Summaries;

/// <summary>
/// Summarises every variable of a <see cref="Draws"/> as posterior's <c>summarise_draws</c> would with
/// the columns of <see cref="SummaryRow"/>, each variable from one sort of its draws (<see cref="DrawSummary"/>).
/// Variables are processed in parallel; rows come back in the order of <see cref="Draws.Variables"/> whatever the
/// scheduling.
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
        var d = DrawSummary.Compute(draws.AllChains(variable), draws.ChainCount);
        return new SummaryRow(draws.Variables[variable], d.Mean, d.Sd, d.Q5, d.Q50, d.Q95, d.McseMean, d.McseSd, d.EssBulk, d.EssTail, d.Rhat);
    }
}
