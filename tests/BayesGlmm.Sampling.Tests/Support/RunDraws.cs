// Reads one coordinate (or a function of a draw) out of a sampling result, chain by chain.
using BayesGlmm.Sampling;

namespace BayesGlmm.Sampling.Tests.Support;

internal static class RunDraws
{
    /// <summary>f(draw) for every sampling draw, one array per chain.</summary>
    public static IReadOnlyList<double[]> Map(SamplingResult result, Func<ReadOnlySpan<double>, double> f)
    {
        int d = result.Dimension;
        return result.Chains.Select(c =>
        {
            double[] values = new double[c.CompletedDraws];
            for (int k = 0; k < c.CompletedDraws; k++) values[k] = f(c.Draws.AsSpan(k * d, d));
            return values;
        }).ToList();
    }

    /// <summary>Coordinate <paramref name="i"/> of every draw.</summary>
    public static IReadOnlyList<double[]> Coordinate(SamplingResult result, int i) => Map(result, x => x[i]);

    /// <summary>A two-sided normal quantile for m simultaneous comparisons at family-wise level α (Bonferroni).</summary>
    public static double SimultaneousZ(int m, double alpha = 1e-3) =>
        MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - alpha / (2.0 * m));
}
