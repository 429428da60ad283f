// Test statistics T(y) of a data set for posterior predictive checks: mean, sd, proportion of zeros, max, ...
using System.Globalization;
using BayesGlmm.Modeling.Frames;

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

    /// <summary>The statistics for counts: mean, sd, prop_zero, max.</summary>
    public static IReadOnlyList<TestStatistic> Defaults { get; } = [Mean, StandardDeviation, ProportionZero, Max];

    /// <summary>The proportion of values equal to <paramref name="value"/>, named <c>prop_LABEL</c> (one category of an ordinal or categorical response).</summary>
    public static TestStatistic ProportionOf(double value, string label) => new($"prop_{label}", x =>
    {
        if (x.IsEmpty) return double.NaN;
        int hits = 0;
        foreach (double v in x) if (v == value) hits++;
        return (double)hits / x.Length;
    });

    /// <summary>
    /// The statistics that can tell a model from the data for a response under a family (its brms name, with or
    /// without the link), rather than ones that are the same for every data set of the kind:
    /// <list type="bullet">
    /// <item>binary (bernoulli, or binomial with one trial each): the mean, the proportion of ones (max and prop_zero
    /// carry nothing a proportion does not, and max is 1 in nearly every data set);</item>
    /// <item>ordinal (cumulative): the mean and sd of the category, and the proportion in each category;</item>
    /// <item>categorical: the proportion in each category (the codes' mean and sd mean nothing for unordered categories);</item>
    /// <item>counts (poisson, negbinomial, binomial, zero-inflated and hurdle counts): <see cref="Defaults"/>;</item>
    /// <item>continuous: mean, sd, min and max.</item>
    /// </list>
    /// Categories are named by their levels (a text response) or their numbers 1..K.
    /// </summary>
    public static IReadOnlyList<TestStatistic> ForResponse(string family, ResponseData response)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(response);
        int bracket = family.IndexOf('(');
        string name = (bracket < 0 ? family : family[..bracket]).Trim();
        switch (name)
        {
            case "bernoulli":
            case "binomial" when response.Trials is null || response.Trials.All(t => t == 1):
                return [Mean];
            case "cumulative":
                return [Mean, StandardDeviation, .. Categories(response)];
            case "categorical":
                return Categories(response);
            case "poisson" or "negbinomial" or "binomial":
            case var _ when name.StartsWith("zero_inflated_", StringComparison.Ordinal) || name.StartsWith("hurdle_", StringComparison.Ordinal):
                return Defaults;
            default:
                return [Mean, StandardDeviation, Min, Max];
        }
    }

    // One proportion per category: codes 0..K−1 of a text response's levels, else the integers 1..max(y).
    private static IReadOnlyList<TestStatistic> Categories(ResponseData response)
    {
        if (response.Levels is { } levels)
            return levels.Select((label, code) => ProportionOf(code, label)).ToArray();
        int k = response.Values.Length == 0 ? 0 : (int)Math.Max(1, response.Values.Max());
        return Enumerable.Range(1, k).Select(c => ProportionOf(c, c.ToString(CultureInfo.InvariantCulture))).ToArray();
    }

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
