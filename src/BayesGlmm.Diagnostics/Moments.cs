// Means and variances computed as R computes them (a second pass corrects the mean).
namespace BayesGlmm.Diagnostics;

/// <summary>Sample moments with R's rounding behaviour: mean with a correction pass, variance with n − 1.</summary>
public static class Moments
{
    /// <summary>R's <c>mean</c>: sum/n, then corrected by the mean residual. NaN for no values.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        double mean = sum / values.Length;
        if (!double.IsFinite(mean)) return mean;
        double residual = 0;
        foreach (double v in values) residual += v - mean;
        return mean + residual / values.Length;
    }

    /// <summary>R's <c>var</c>: Σ(x − x̄)²/(n − 1); NaN for fewer than two values.</summary>
    public static double Variance(ReadOnlySpan<double> values) => Variance(values, Mean(values));

    /// <summary>Σ(x − <paramref name="mean"/>)²/(n − 1); NaN for fewer than two values.</summary>
    public static double Variance(ReadOnlySpan<double> values, double mean)
    {
        if (values.Length < 2) return double.NaN;
        double sum = 0;
        foreach (double v in values)
        {
            double d = v - mean;
            sum += d * d;
        }
        return sum / (values.Length - 1);
    }

    /// <summary>R's <c>sd</c>: the square root of <see cref="Variance(ReadOnlySpan{double})"/>.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values) => Math.Sqrt(Variance(values));
}
