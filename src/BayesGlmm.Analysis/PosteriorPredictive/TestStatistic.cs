// Test statistics T(y) of a data set for posterior predictive checks: mean, sd, proportion of zeros, max, ...
namespace BayesGlmm.Analysis.PosteriorPredictive;

/// <summary>A function of a data vector (observed or replicated).</summary>
public delegate double StatisticFunction(ReadOnlySpan<double> values);

/// <summary>
/// A named test statistic T for posterior predictive checks (Gelman, Meng &amp; Stern 1996; Gelman et al.
/// 2013, BDA3 §6.3): it is applied to y and to every replicated data set y_rep.
/// </summary>
/// <param name="Name">The name shown in tables and plots (e.g. "mean", "prop_zero").</param>
/// <param name="Function">Computes T from a vector of values.</param>
public sealed record TestStatistic(string Name, StatisticFunction Function)
{
    /// <summary>The sample mean.</summary>
    public static TestStatistic Mean { get; } = new("mean", MeanOf);

    /// <summary>The sample standard deviation (denominator n − 1; NaN for fewer than two values).</summary>
    public static TestStatistic StandardDeviation { get; } = new("sd", StandardDeviationOf);

    /// <summary>The proportion of values equal to 0 (for counts and zero-inflation).</summary>
    public static TestStatistic ProportionZero { get; } = new("prop_zero", ProportionZeroOf);

    /// <summary>The largest value (−∞ for an empty vector).</summary>
    public static TestStatistic Max { get; } = new("max", MaxOf);

    /// <summary>The smallest value (+∞ for an empty vector).</summary>
    public static TestStatistic Min { get; } = new("min", MinOf);

    /// <summary>The statistics every check reports by default: mean, sd, prop_zero, max.</summary>
    public static IReadOnlyList<TestStatistic> Defaults { get; } = [Mean, StandardDeviation, ProportionZero, Max];

    private static double MeanOf(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum / x.Length;
    }

    private static double StandardDeviationOf(ReadOnlySpan<double> x)
    {
        if (x.Length < 2) return double.NaN;
        double mean = MeanOf(x), ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (x.Length - 1));
    }

    private static double ProportionZeroOf(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) return double.NaN;
        int zeros = 0;
        foreach (double v in x) if (v == 0) zeros++;
        return (double)zeros / x.Length;
    }

    private static double MaxOf(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) if (v > max || double.IsNaN(v)) max = v;
        return max;
    }

    private static double MinOf(ReadOnlySpan<double> x)
    {
        double min = double.PositiveInfinity;
        foreach (double v in x) if (v < min || double.IsNaN(v)) min = v;
        return min;
    }
}
