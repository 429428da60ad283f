// The cumulative Jensen–Shannon distance between the draws' ECDF and their weighted ECDF (Nguyen & Vreeken 2015).
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// The symmetric cumulative Jensen–Shannon distance that power-scaling uses (Kallioinen et al. 2023, §3.2,
/// after Nguyen &amp; Vreeken 2015), between the equally weighted draws (P) and the same draws under
/// importance weights (Q), as priorsense's <c>cjs_dist(metric = TRUE, unsigned = TRUE)</c>:
/// over the sorted draws with gaps Δ_i, P_i = i/S and Q_i the cumulative normalised weight,
/// CJS(P‖Q) = Σ Δ_i P_i log2(P_i/(½P_i + ½Q_i)) + (∫Q − ∫P)/(2 ln 2) (terms 0·log 0 dropped),
/// D = sqrt((CJS(P‖Q) + CJS(Q‖P))/(∫P + ∫Q)), and the result is max(D(x), D(−x)).
/// </summary>
public static class CumulativeJensenShannon
{
    /// <summary>The distance for draws <paramref name="x"/> and non-negative <paramref name="weights"/> (same length).</summary>
    public static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> weights)
    {
        if (x.Length != weights.Length) throw new ArgumentException("Draws and weights differ in length.", nameof(weights));
        var order = SortedOrder(x);
        return Distance(x, weights, order);
    }

    /// <summary>The draw indices in ascending order of <paramref name="x"/> (ties in draw order).</summary>
    internal static int[] SortedOrder(ReadOnlySpan<double> x)
    {
        var keys = x.ToArray();
        var order = new int[x.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>The distance given the ascending <paramref name="order"/> of <paramref name="x"/>.</summary>
    internal static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, int[] order)
    {
        double forward = OneSided(x, weights, order, reversed: false);
        double backward = OneSided(x, weights, order, reversed: true);
        return double.IsNaN(forward) || double.IsNaN(backward) ? double.NaN : Math.Max(forward, backward);
    }

    private static double OneSided(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, int[] order, bool reversed)
    {
        int s = order.Length;
        if (s < 2) return double.NaN;
        double total = 0;
        foreach (double w in weights) total += w;
        if (!(total > 0)) return double.NaN;

        double sign = reversed ? -1.0 : 1.0;
        double integralP = 0, integralQ = 0, pq = 0, qp = 0, cumulative = 0;
        for (int i = 1; i < s; i++)
        {
            int previous = order[reversed ? s - i : i - 1];
            int next = order[reversed ? s - i - 1 : i];
            cumulative += weights[previous];
            double gap = sign * (x[next] - x[previous]);
            double p = (double)i / s;
            double q = cumulative / total;
            integralP += gap * p;
            integralQ += gap * q;
            double mixture = Math.Log2(0.5 * p + 0.5 * q);
            double termPq = gap * p * (Math.Log2(p) - mixture);
            double termQp = gap * q * (Math.Log2(q) - mixture);
            if (!double.IsNaN(termPq)) pq += termPq;
            if (!double.IsNaN(termQp)) qp += termQp;
        }
        double linear = (integralQ - integralP) / (2 * Math.Log(2));
        pq += linear;
        qp -= linear;
        // The divergence is non-negative; for weights equal to within rounding the sum can land a few ulps below 0,
        // which is a distance of 0, not NaN.
        return Math.Sqrt(Math.Max(0.0, (pq + qp) / (integralP + integralQ)));
    }
}
