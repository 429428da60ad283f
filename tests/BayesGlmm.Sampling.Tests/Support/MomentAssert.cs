// Asserts sampled moments against exact values within a number of Monte Carlo standard errors.
using BayesGlmm.Sampling;

namespace BayesGlmm.Sampling.Tests.Support;

internal static class MomentAssert
{
    /// <summary>
    /// For each listed coordinate i with exact mean m_i and variance v_i: |mean(x_i) − m_i| ≤ z·MCSE and
    /// |mean((x_i − m_i)²) − v_i| ≤ z·MCSE, z Bonferroni-adjusted over all comparisons (family-wise 10⁻³).
    /// </summary>
    public static void MeansAndVariances(SamplingResult result, IReadOnlyList<int> coordinates, Func<int, double> mean, Func<int, double> variance)
    {
        double z = RunDraws.SimultaneousZ(2 * coordinates.Count);
        var failures = new List<string>();
        foreach (int i in coordinates)
        {
            double m = mean(i), v = variance(i);
            var (est, se) = MonteCarlo.Estimate(RunDraws.Coordinate(result, i));
            if (!(Math.Abs(est - m) <= z * se))
                failures.Add($"mean[{i}] = {est:G5}, exact {m:G5}, MCSE {se:G3} ({(est - m) / se:F1} MCSE)");
            var (estV, seV) = MonteCarlo.Estimate(RunDraws.Map(result, x => (x[i] - m) * (x[i] - m)));
            if (!(Math.Abs(estV - v) <= z * seV))
                failures.Add($"var[{i}] = {estV:G5}, exact {v:G5}, MCSE {seV:G3} ({(estV - v) / seV:F1} MCSE)");
        }
        Assert.True(failures.Count == 0, $"z = {z:F2}:\n" + string.Join("\n", failures));
    }
}
