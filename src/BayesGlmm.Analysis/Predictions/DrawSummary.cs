// The posterior mean, sd and quantiles of one quantity's draws.
using BayesGlmm.Diagnostics;
using Diagnostics = BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>Mean, standard deviation (n − 1 denominator) and type-7 quantiles of a quantity's draws.</summary>
/// <param name="Mean">The posterior mean.</param>
/// <param name="Sd">The posterior standard deviation.</param>
/// <param name="Quantiles">The quantiles at the requested probabilities, in their order.</param>
public sealed record DrawSummary(double Mean, double Sd, IReadOnlyList<double> Quantiles)
{
    /// <summary>Summarises <paramref name="draws"/> (reordered in place) at <paramref name="probabilities"/>; NaN throughout if any draw is NaN.</summary>
    public static DrawSummary Of(Span<double> draws, IReadOnlyList<double> probabilities)
    {
        double mean = Moments.Mean(draws);
        double sd = draws.Length > 1 ? Moments.StandardDeviation(draws) : double.NaN;
        bool nan = false;
        foreach (double v in draws) nan |= double.IsNaN(v);
        var q = new double[probabilities.Count];
        if (nan) Array.Fill(q, double.NaN);
        else
        {
            draws.Sort();
            for (int i = 0; i < q.Length; i++) q[i] = Diagnostics.Quantiles.Type7Sorted(draws, probabilities[i]);
        }
        return new DrawSummary(mean, sd, q);
    }
}
