// Posterior predictive checks: a test statistic of y against its replicated distribution, with the p-value.
namespace BayesGlmm.Analysis.PosteriorPredictive;

/// <summary>One test statistic of the observed data against its replicated values.</summary>
/// <param name="Statistic">The statistic's name.</param>
/// <param name="Group">The group code for a per-group check, or null for the whole data set.</param>
/// <param name="Observed">T(y).</param>
/// <param name="Replicated">T(y_rep,s) for every draw s.</param>
/// <param name="PValue">P(T(y_rep) ≥ T(y)), ties counted half.</param>
public sealed record PredictiveCheckResult(string Statistic, int? Group, double Observed, IReadOnlyList<double> Replicated, double PValue);

/// <summary>
/// Posterior predictive checks as pure functions over y (N values) and y_rep (S × N, row-major, one
/// replicated data set per row). The posterior predictive p-value is
/// p = P(T(y_rep) ≥ T(y) | y) (Gelman, Meng &amp; Stern 1996, eq. 2.3; BDA3 eq. 6.8), estimated as
/// (#{T_s &gt; T(y)} + ½·#{T_s = T(y)})/S so that discrete statistics (counts, proportions of zeros,
/// maxima of counts) are not biased by ties (the mid-p convention).
/// </summary>
public static class PredictiveCheck
{
    /// <summary>The check of one statistic over the whole data set.</summary>
    public static PredictiveCheckResult Compute(ReadOnlySpan<double> y, ReadOnlySpan<double> yRep, TestStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        int n = y.Length;
        int draws = DrawCount(n, yRep);
        double observed = statistic.Function(y);
        var replicated = new double[draws];
        for (int s = 0; s < draws; s++) replicated[s] = statistic.Function(yRep.Slice(s * n, n));
        return new PredictiveCheckResult(statistic.Name, null, observed, replicated, PValue(observed, replicated));
    }

    /// <summary>The checks of several statistics over the whole data set.</summary>
    public static IReadOnlyList<PredictiveCheckResult> Compute(ReadOnlySpan<double> y, ReadOnlySpan<double> yRep, IEnumerable<TestStatistic> statistics)
    {
        var results = new List<PredictiveCheckResult>();
        foreach (var statistic in statistics) results.Add(Compute(y, yRep, statistic));
        return results;
    }

    /// <summary>
    /// The check of one statistic within each group: T applied to the observations of group g in y and
    /// in each y_rep. <paramref name="groupCodes"/> holds one code in [0, groupCount) per observation
    /// (−1 leaves the observation out). A group without observations gets T of an empty vector.
    /// </summary>
    public static IReadOnlyList<PredictiveCheckResult> ComputeByGroup(ReadOnlySpan<double> y, ReadOnlySpan<double> yRep,
        ReadOnlySpan<int> groupCodes, int groupCount, TestStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        int n = y.Length;
        int draws = DrawCount(n, yRep);
        if (groupCodes.Length != n) throw new ArgumentException("There must be one group code per observation.", nameof(groupCodes));
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);

        // Members of each group, in observation order.
        var members = new List<int>[groupCount];
        for (int g = 0; g < groupCount; g++) members[g] = [];
        for (int i = 0; i < n; i++)
        {
            int g = groupCodes[i];
            if (g < 0) continue;
            if (g >= groupCount) throw new ArgumentException($"Group code {g} of observation {i + 1} is not below {groupCount}.", nameof(groupCodes));
            members[g].Add(i);
        }

        var results = new List<PredictiveCheckResult>(groupCount);
        var buffer = new double[n];
        for (int g = 0; g < groupCount; g++)
        {
            var index = members[g];
            var values = buffer.AsSpan(0, index.Count);
            for (int j = 0; j < index.Count; j++) values[j] = y[index[j]];
            double observed = statistic.Function(values);
            var replicated = new double[draws];
            for (int s = 0; s < draws; s++)
            {
                var row = yRep.Slice(s * n, n);
                for (int j = 0; j < index.Count; j++) values[j] = row[index[j]];
                replicated[s] = statistic.Function(values);
            }
            results.Add(new PredictiveCheckResult(statistic.Name, g, observed, replicated, PValue(observed, replicated)));
        }
        return results;
    }

    /// <summary>(#{T_s &gt; t} + ½·#{T_s = t})/S; NaN replicates are left out, NaN when none remain or t is NaN.</summary>
    public static double PValue(double observed, ReadOnlySpan<double> replicated)
    {
        if (double.IsNaN(observed)) return double.NaN;
        double above = 0;
        int counted = 0;
        foreach (double t in replicated)
        {
            if (double.IsNaN(t)) continue;
            counted++;
            if (t > observed) above += 1;
            else if (t == observed) above += 0.5;
        }
        return counted == 0 ? double.NaN : above / counted;
    }

    private static int DrawCount(int n, ReadOnlySpan<double> yRep)
    {
        if (n == 0) throw new ArgumentException("There are no observations.");
        if (yRep.Length % n != 0 || yRep.Length == 0)
            throw new ArgumentException($"y_rep must hold draws × {n} values; it holds {yRep.Length}.", nameof(yRep));
        return yRep.Length / n;
    }
}
