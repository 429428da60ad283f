// Settings of the GLMM log density that change its speed, never its value.
namespace BayesGlmm.Modeling;

/// <summary>Options of <c>GlmmModel.Create(frame, family, priors, options)</c>. Both only reparameterise exactly; the posterior is the same.</summary>
public sealed record GlmmOptions
{
    /// <summary>
    /// Centre the non-intercept columns of X internally when the model has an intercept (brms's
    /// <c>Intercept = b_Intercept + Σ mean(x_j) b_j</c>, a unit-Jacobian linear map): the sampler moves in
    /// the centred intercept, the reported intercept and its prior are those of the model as written.
    /// </summary>
    public bool CenterPredictors { get; init; } = true;

    /// <summary>
    /// Sort the observations internally by the levels of the first group-level term whose levels hold
    /// at least <see cref="MinimumSegmentLength"/> observations on average, so that its effects are
    /// gathered and scattered as contiguous segments. Outputs stay in the frame's order.
    /// </summary>
    public bool SortObservations { get; init; } = true;

    /// <summary>The mean observations per level from which a term is handled as contiguous segments.</summary>
    public int MinimumSegmentLength { get; init; } = 8;
}
