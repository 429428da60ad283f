// The quadrature route's error check after a fit: K nodes against 2K at draws spread over the chains, and a warning when they differ.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Fitting;

/// <summary>
/// On the quadrature route (<see cref="EffectsRoute.Quadrature"/>) the log-likelihood integrates each cluster's effect out
/// with K Gauss–Hermite nodes; this compares it with 2K nodes (<see cref="GlmmModel.QuadratureError"/>) at
/// <see cref="DrawCount"/> draws spread evenly over the chains and reports the largest difference.
/// </summary>
public static class QuadratureCheck
{
    /// <summary>How many draws are checked.</summary>
    public const int DrawCount = 20;

    /// <summary>The largest |log L(K) − log L(2K)| is above this: the fit warns.</summary>
    public const double Tolerance = 0.01;

    /// <summary>
    /// The largest |log L(K nodes) − log L(2K nodes)| over the checked draws (chain c's first <paramref name="lengths"/>[c]
    /// draws of <paramref name="draws"/>), or null when the model is not on the quadrature route or has no draw.
    /// </summary>
    public static double? LargestError(IStatisticalModel model, Draws draws, IReadOnlyList<int> lengths)
    {
        if (model is not GlmmModel glmm || glmm.Route != EffectsRoute.Quadrature) return null;
        int outputs = glmm.OutputNames.Count, total = lengths.Sum();
        if (total == 0) return null;
        var values = new double[outputs];
        double largest = 0;
        for (int k = 0; k < Math.Min(DrawCount, total); k++)
        {
            int index = (int)((long)k * total / Math.Min(DrawCount, total)), chain = 0;
            while (index >= lengths[chain]) index -= lengths[chain++];
            for (int v = 0; v < outputs; v++) values[v] = draws.Chain(v, chain)[index];
            largest = Math.Max(largest, Math.Abs(glmm.QuadratureError(values) ?? 0.0));
        }
        return largest;
    }

    /// <summary>The warning for <paramref name="error"/> with <paramref name="nodes"/> nodes, or null when it is within <see cref="Tolerance"/>.</summary>
    public static string? Warning(double? error, int nodes) => error is double e && !(e <= Tolerance)
        ? $"The adaptive quadrature with {nodes} nodes differs from {2 * nodes} nodes by up to {e:G3} in the log-likelihood over {DrawCount} draws; refit with --quadrature-nodes {2 * nodes}."
        : null;
}
