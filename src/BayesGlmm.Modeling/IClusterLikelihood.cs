// A model's log-likelihood per level of one grouping factor with that factor's effects integrated out (leave-one-cluster-out).
namespace BayesGlmm.Modeling;

/// <summary>
/// ℓ_i = log p(y_i· | everything but the effects of one grouping factor) per level i, with those effects integrated out in
/// closed form (HGLM_NOTES §1, choice (b)): what PSIS-LOO that leaves one cluster out needs.
/// </summary>
public interface IClusterLikelihood
{
    /// <summary>The grouping factor's name.</summary>
    string Group { get; }

    /// <summary>Its level names, one per value of <see cref="Compute"/>.</summary>
    IReadOnlyList<string> Levels { get; }

    /// <summary>Fills <paramref name="logLikelihood"/> (one per level) at one draw of the model's reported quantities.</summary>
    void Compute(ReadOnlySpan<double> outputs, Span<double> logLikelihood);
}
