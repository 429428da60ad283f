// How far a set of PIT values is from uniform: the Kolmogorov–Smirnov distance and its critical value.
namespace BayesGlmm.Analysis.PosteriorPredictive;

/// <summary>The Kolmogorov–Smirnov check of PIT values against Uniform(0, 1).</summary>
public static class PitUniformity
{
    /// <summary>D = sup_u |F_n(u) − u| for the empirical distribution F_n of the values (Kolmogorov 1933).</summary>
    public static double KolmogorovSmirnov(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double u = sorted[i];
            d = Math.Max(d, Math.Max((i + 1.0) / n - u, u - (double)i / n));
        }
        return d;
    }

    /// <summary>
    /// The asymptotic critical value of D at level α: sqrt(−ln(α/2)/2)/√n (1.358/√n at α = 0.05),
    /// from the Kolmogorov distribution's tail 2·exp(−2nD²).
    /// </summary>
    public static double CriticalValue(int n, double alpha = 0.05) => Math.Sqrt(-Math.Log(alpha / 2) / 2) / Math.Sqrt(n);
}
