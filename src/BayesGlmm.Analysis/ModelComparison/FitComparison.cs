// Comparison of two or more fits by elpd_loo: differences to the best fit and their standard errors.
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>One fit in a comparison, in the order loo_compare prints them (best first).</summary>
/// <param name="Name">The fit's name.</param>
/// <param name="ElpdDiff">elpd_loo of this fit minus that of the best (0 for the best, otherwise negative).</param>
/// <param name="SeDiff">sqrt(N·var_i(elpd_loo,i − elpd_loo,i of the best)) (0 for the best).</param>
/// <param name="ElpdLoo">This fit's elpd_loo with its SE.</param>
/// <param name="PLoo">This fit's p_loo with its SE.</param>
/// <param name="LooIc">This fit's looic with its SE.</param>
public sealed record ComparisonRow(string Name, double ElpdDiff, double SeDiff, Estimate ElpdLoo, Estimate PLoo, Estimate LooIc);

/// <summary>
/// Compares fits of the same observations by their expected log predictive density (Vehtari, Gelman
/// &amp; Gabry 2017, §5.2, eq. 24): the paired pointwise differences give the SE of a difference,
/// which is much smaller than the SEs of the two totals. As R's loo 2.5.1 <c>loo_compare</c>: fits in
/// decreasing order of elpd_loo (ties keep the given order), differences taken against the first.
/// </summary>
public static class FitComparison
{
    /// <summary>Orders the fits best first with their elpd differences to the best and the SEs of those differences.</summary>
    /// <exception cref="InputException">Fewer than two fits, duplicate names, or different numbers of observations.</exception>
    public static IReadOnlyList<ComparisonRow> Compare(IReadOnlyList<(string Name, LooResult Loo)> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count < 2) throw new InputException("Comparing needs at least two fits.");
        int n = fits[0].Loo.ObservationCount;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, loo) in fits)
        {
            if (!names.Add(name)) throw new InputException($"The fit name '{name}' appears twice; give every fit its own name.");
            if (loo.ObservationCount != n)
                throw new InputException(
                    $"Fit '{name}' has {loo.ObservationCount} observations but '{fits[0].Name}' has {n}; only fits of the same data can be compared.");
        }

        var ordered = fits.OrderByDescending(f => f.Loo.ElpdLoo.Value).ToArray(); // stable, as R's order()
        var best = ordered[0].Loo;
        var rows = new List<ComparisonRow>(ordered.Length);
        var diff = new double[n];
        foreach (var (name, loo) in ordered)
        {
            for (int i = 0; i < n; i++) diff[i] = loo.PointwiseElpdLoo[i] - best.PointwiseElpdLoo[i];
            var d = Estimate.FromPointwise(diff);
            rows.Add(new ComparisonRow(name, d.Value, d.StandardError, loo.ElpdLoo, loo.PLoo, loo.LooIc));
        }
        return rows;
    }
}
