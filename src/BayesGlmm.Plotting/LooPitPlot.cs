// LOO-PIT calibration: the ECDF of LOO-PIT values minus the uniform CDF, with a simultaneous band (bayesplot's ppc_loo_pit_ecdf).
using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Plotting;

/// <summary>
/// The ECDF difference F̂(z_i) − z_i of N LOO-PIT values on the grid z_i = i/K, inside the 95% simultaneous
/// band for N uniform values (Säilynoja, Bürkner &amp; Vehtari 2022, §2), as bayesplot's
/// <c>ppc_loo_pit_ecdf(plot_diff = TRUE)</c>: a calibrated model stays inside the band; a ∪ shape (below then
/// above) means the data are overdispersed relative to the model's predictions, a ∩ shape underdispersed.
/// </summary>
public static class LooPitPlot
{
    /// <summary>The plot for <paramref name="pit"/> (values in [0, 1]) with K = min(N, 100) grid intervals.</summary>
    public static ScottPlot.Plot Create(IReadOnlyList<double> pit)
    {
        ArgumentNullException.ThrowIfNull(pit);
        int n = pit.Count, k = Math.Max(1, Math.Min(n, 100));
        var band = SimultaneousBand.Compute(n, k);
        var sorted = pit.ToArray();
        Array.Sort(sorted);
        var z = new double[k + 1];
        var difference = new double[k + 1];
        var lower = new double[k + 1];
        var upper = new double[k + 1];
        int below = 0;
        for (int i = 0; i <= k; i++)
        {
            z[i] = SimultaneousBand.GridPoint(i, k);
            while (below < n && sorted[below] <= z[i]) below++;
            difference[i] = (double)below / n - z[i];
            lower[i] = band.LowerCounts[i] / (double)n - z[i];
            upper[i] = band.UpperCounts[i] / (double)n - z[i];
        }
        return EcdfDifferencePlot.Create("LOO-PIT", z, difference, lower, upper, title: $"LOO-PIT ECDF difference ({n} observations)",
            xLabel: "LOO-PIT", seriesLabel: "LOO-PIT");
    }
}
