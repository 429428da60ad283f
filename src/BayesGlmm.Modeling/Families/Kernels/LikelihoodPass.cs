// A likelihood evaluated range by range over the observations, so that an evaluator can fuse it with the linear predictor.
namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// A family likelihood that can be evaluated over consecutive ranges of observations: the GLMM evaluator builds
/// eta for one cache-sized chunk, evaluates the likelihood there and scatters ∂/∂eta back before moving on, so
/// that eta and ∂/∂eta never leave the first-level cache (one pass over the data instead of one per operation).
/// </summary>
internal interface IPiecewiseLikelihood
{
    /// <summary>A pass with its own running state, for one evaluator's exclusive use.</summary>
    LikelihoodPass CreatePass();
}

/// <summary>
/// One piecewise evaluation: <see cref="Begin"/>, then <see cref="Add"/> over ranges that cover every
/// observation once, then <see cref="Finish"/>. The sum of what <see cref="Add"/> and <see cref="Finish"/> return
/// is <see cref="IFamilyLikelihood.Evaluate"/>'s value, and the ∂/∂eta and ∂/∂theta written are its gradient
/// (up to the order of floating-point additions when the ranges differ from one whole pass).
/// </summary>
internal abstract class LikelihoodPass
{
    /// <summary>Derives the per-call constants from the family parameters and clears the running sums.</summary>
    public abstract void Begin(ReadOnlySpan<double> theta);

    /// <summary>
    /// The eta-dependent log likelihood of observations start .. start + eta.Length; writes their ∂/∂eta into
    /// <paramref name="gradientEta"/> (same indexing as <paramref name="eta"/>).
    /// </summary>
    public abstract double Add(int start, ReadOnlySpan<double> eta, Span<double> gradientEta);

    /// <summary>
    /// Adds the running sums of <paramref name="other"/>, a pass of the same likelihood begun with the same theta over other
    /// observations (one partition of them), as if its ranges had been added to this pass.
    /// </summary>
    public abstract void Merge(LikelihoodPass other);

    /// <summary>The data constants and theta-only terms; assigns every element of ∂/∂theta.</summary>
    public abstract double Finish(Span<double> gradientTheta);
}
