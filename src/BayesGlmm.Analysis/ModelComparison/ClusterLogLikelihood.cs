// The per-cluster log-likelihood of a model with a conjugate intercept integrated out: leave-one-cluster-out PSIS-LOO.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// ℓ_i = log p(y_i· | b, θ, λ) per draw and level of a conjugate HGLM (HGLM_NOTES §1, choice (b)), for PSIS-LOO that
/// leaves one cluster out with its u integrated out (Vehtari's integrated LOO); reliable where the conditional
/// per-observation log-likelihood is not, such as clusters of one observation.
/// </summary>
public static class ClusterLogLikelihood
{
    /// <summary>
    /// The draws × levels matrix from a fit's <paramref name="draws"/>; an <see cref="InvalidOperationException"/> where the
    /// model has no closed-form cluster likelihood (<see cref="GlmmModel.ClusterLikelihood"/> is null).
    /// </summary>
    public static LogLikelihoodMatrix Compute(Draws draws, GlmmModel model)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(model);
        var clusters = model.ClusterLikelihood
            ?? throw new InvalidOperationException("This model has no conjugate group-level effects whose cluster likelihood has a closed form.");
        var reported = new ReportedDraws(draws, model);
        int levels = clusters.Levels.Count;
        var values = new double[(long)reported.DrawCount * levels];
        var outputs = new double[reported.OutputCount];
        for (int s = 0; s < reported.DrawCount; s++)
        {
            reported.Fill(s, outputs);
            clusters.Compute(outputs, values.AsSpan(s * levels, levels));
        }
        return new LogLikelihoodMatrix(values, reported.DrawCount, levels, reported.ChainCount);
    }
}
