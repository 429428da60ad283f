// The Pareto k diagnostic table of a LOO result: counts and smallest n_eff per band.
using BayesGlmm.Diagnostics.ImportanceSampling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>One row of the Pareto k table (loo 2.5.1's <c>pareto_k_table</c>).</summary>
/// <param name="Band">The k̂ band.</param>
/// <param name="Count">How many observations fall in it.</param>
/// <param name="Proportion">Count / N.</param>
/// <param name="MinEffectiveSampleSize">The smallest PSIS n_eff in the band (NaN when the band is empty).</param>
public sealed record ParetoKSummary(ParetoKBand Band, int Count, double Proportion, double MinEffectiveSampleSize)
{
    /// <summary>The band as loo prints it, e.g. "(0.5, 0.7]   (ok)".</summary>
    public string Label => Band switch
    {
        ParetoKBand.Good => "(-Inf, 0.5]   (good)",
        ParetoKBand.Ok => " (0.5, 0.7]   (ok)",
        ParetoKBand.Bad => "   (0.7, 1]   (bad)",
        _ => "   (1, Inf)   (very bad)",
    };

    /// <summary>The four rows for the given k̂ and n_eff values, in band order.</summary>
    public static IReadOnlyList<ParetoKSummary> Tabulate(IReadOnlyList<double> paretoK, IReadOnlyList<double> effectiveSampleSizes)
    {
        var rows = new List<ParetoKSummary>(4);
        int n = paretoK.Count;
        foreach (ParetoKBand band in Enum.GetValues<ParetoKBand>())
        {
            int count = 0;
            double minNeff = double.NaN;
            for (int i = 0; i < n; i++)
            {
                if (ParetoKBands.Of(paretoK[i]) != band) continue;
                count++;
                double ne = effectiveSampleSizes[i];
                if (double.IsNaN(minNeff) || ne < minNeff) minNeff = ne;
            }
            rows.Add(new ParetoKSummary(band, count, n == 0 ? double.NaN : (double)count / n, minNeff));
        }
        return rows;
    }
}
