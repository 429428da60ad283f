// A summed information-criterion quantity with its standard error.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// A total Σ_i x_i over observations with its standard error sqrt(N·var(x)) (variance with N − 1),
/// as loo reports every total (Vehtari, Gelman &amp; Gabry 2017, eq. 23–24).
/// </summary>
/// <param name="Value">The sum over observations.</param>
/// <param name="StandardError">sqrt(N·var_i(x_i)).</param>
public readonly record struct Estimate(double Value, double StandardError)
{
    /// <summary>The sum and its standard error from pointwise values.</summary>
    public static Estimate FromPointwise(ReadOnlySpan<double> pointwise)
    {
        int n = pointwise.Length;
        double sum = 0;
        foreach (double v in pointwise) sum += v;
        if (n < 2) return new Estimate(sum, double.NaN);
        double mean = sum / n;
        double ss = 0;
        foreach (double v in pointwise) ss += (v - mean) * (v - mean);
        return new Estimate(sum, Math.Sqrt(n * (ss / (n - 1))));
    }
}
