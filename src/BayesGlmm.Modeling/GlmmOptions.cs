// Settings of the GLMM log density: internal reparameterisations that change its speed, never its value, and prior-only sampling.
namespace BayesGlmm.Modeling;

/// <summary>
/// Options of <c>GlmmModel.Create(frame, family, priors, options)</c>. <see cref="CenterPredictors"/> and
/// <see cref="SortObservations"/> only reparameterise exactly (the posterior is the same); <see cref="PriorOnly"/>
/// switches the likelihood off.
/// </summary>
public sealed record GlmmOptions
{
    /// <summary>
    /// Sample the prior alone: the log density leaves the likelihood out (brms's <c>sample_prior = "only"</c>, Stan's
    /// <c>prior_only</c> flag), so the draws are the joint prior of every parameter and the replicated responses at them
    /// are draws from the prior predictive distribution. <see cref="Sampling.ISeparableLogDensity.EvaluateParts"/> then reports a
    /// log likelihood of 0; the pointwise log likelihood and replicates still use the data's family.
    /// </summary>
    public bool PriorOnly { get; init; }

    /// <summary>
    /// Centre the non-intercept columns of X internally when the model has an intercept (brms's
    /// <c>Intercept = b_Intercept + Σ mean(x_j) b_j</c>, a unit-Jacobian linear map): the sampler moves in
    /// the centred intercept, the reported intercept and its prior are those of the model as written.
    /// </summary>
    public bool CenterPredictors { get; init; } = true;

    /// <summary>
    /// Sort the observations internally by one grouping factor whose levels hold at least
    /// <see cref="MinimumSegmentLength"/> observations on average — the one under which gathering and scattering
    /// every term's effects takes the fewest indexed accesses (<c>Glmm.ObservationOrder</c>) — so that its effects,
    /// and those of factors nested in it, go run by run. Outputs stay in the frame's order.
    /// </summary>
    public bool SortObservations { get; init; } = true;

    /// <summary>The mean observations per level from which a term is handled as contiguous segments.</summary>
    public int MinimumSegmentLength { get; init; } = 8;
}
