// The per-level weights of a partially non-centred chain of nested random intercepts, from the data's information and estimated sds.
namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Weights w = τ / (τ + 1/s²) per level (Papaspiliopoulos, Roberts &amp; Sköld 2003, §3.2: in the Gaussian model this
/// makes the partially non-centred value independent of its parent a posteriori), where τ is the data's precision about
/// the level's total, passed up the chain as in a Gaussian model: an observation gives its information τ_i about its own
/// innermost total; a level of term c gives its parent 1/(s_c² + 1/τ) (the precision of its total about the parent's).
/// </summary>
internal static class ChainWeights
{
    /// <summary>
    /// The weights of every term of the chain (outermost first): <paramref name="levelOfObservation"/> of the innermost
    /// term, <paramref name="parents"/>[c] mapping each level of chain term c to its level of term c − 1 (empty for c = 0),
    /// the level counts, <paramref name="sds"/> per chain term (estimated) and <paramref name="information"/> per observation.
    /// </summary>
    public static double[][] For(int[] levelOfObservation, IReadOnlyList<int[]> parents, IReadOnlyList<int> levelCounts, IReadOnlyList<double> sds,
        ReadOnlySpan<double> information)
    {
        int k = levelCounts.Count;
        var precision = new double[k][];
        for (int c = 0; c < k; c++) precision[c] = new double[levelCounts[c]];
        for (int i = 0; i < levelOfObservation.Length; i++) precision[k - 1][levelOfObservation[i]] += Math.Max(information[i], 0.0);
        for (int c = k - 1; c >= 1; c--)
        {
            double variance = sds[c] * sds[c];
            for (int j = 0; j < precision[c].Length; j++)
            {
                double tau = precision[c][j];
                if (tau > 0) precision[c - 1][parents[c][j]] += tau / (1.0 + tau * variance);
            }
        }
        var weights = new double[k][];
        for (int c = 0; c < k; c++)
        {
            double variance = sds[c] * sds[c];
            weights[c] = precision[c].Select(tau => tau * variance / (tau * variance + 1.0)).ToArray();
        }
        return weights;
    }
}
