// Settings of a model's log density: brms's centring of the intercept prior, prior-only sampling, and the reparameterisations and routes that change its speed, never its value.
namespace BayesGlmm.Modeling;

/// <summary>
/// Options of <c>GlmmModel.Create(frame, family, priors, options)</c>. <see cref="Center"/> is part of the model (which
/// intercept the <c>Intercept</c> prior applies to); <see cref="PriorOnly"/> switches the likelihood off; the others only
/// reparameterise exactly or choose a route, the posterior is the same.
/// </summary>
public sealed record GlmmOptions
{
    /// <summary>
    /// Sample the prior alone: the log density leaves the likelihood out (brms's <c>sample_prior = "only"</c>, Stan's
    /// <c>prior_only</c> flag), so the draws are the joint prior of every parameter and the replicated responses at them
    /// are draws from the prior predictive distribution. <see cref="Sampling.ISeparableLogDensity.EvaluateParts"/> then reports a
    /// log likelihood of 0; the pointwise log likelihood and replicates still use the data's family. Conjugate group-level
    /// effects are then sampled jointly (<see cref="JointConjugateEffects"/>): with no likelihood there is nothing to integrate them against.
    /// </summary>
    public bool PriorOnly { get; init; }

    /// <summary>
    /// brms's <c>center</c> (default true): with R's implicit intercept (<c>y ~ x</c>) the <c>Intercept</c> prior applies to
    /// the intercept of the centred predictors, Intercept = b_Intercept + Σ_j mean(x_j) b_j (an ordinal family's
    /// cutpoints likewise), and the class-<c>b</c> prior never covers it; the reported <c>b_Intercept</c> is the uncentred
    /// one. False is brms's <c>center = FALSE</c>: the intercept is an ordinary coefficient as with <c>0 + Intercept</c>,
    /// which this option does not affect (DESIGN.md §2).
    /// </summary>
    public bool Center { get; init; } = true;

    /// <summary>
    /// Centre the non-intercept columns of X internally when the model has an intercept (a unit-Jacobian linear map):
    /// the sampler moves in the centred intercept whichever intercept its prior applies to (<see cref="Center"/>).
    /// An ordinal family's columns are centred exactly when its cutpoints are (<see cref="Center"/>).
    /// </summary>
    public bool CenterPredictors { get; init; } = true;

    /// <summary>
    /// Sort the observations internally by one grouping factor whose levels hold at least
    /// <see cref="MinimumSegmentLength"/> observations on average — the one under which gathering and scattering
    /// every term's effects takes the fewest indexed accesses (<c>Glmm.ObservationOrder</c>) — so that its effects,
    /// and those of factors nested in it, go run by run. Outputs stay in the frame's order.
    /// </summary>
    public bool SortObservations { get; init; } = true;

    /// <summary>
    /// Take X b and Xᵀ ∂η row-blocked — all of X's non-constant columns in one sweep per chunk of observations
    /// (<c>BayesGlmm.Numerics.Kernels.RowBlockedProduct</c>) — when there are at least
    /// <c>FixedEffects.RowBlockedFrom</c> of them and the family is evaluated chunk by chunk; otherwise column at a time.
    /// The same sums in another order: the density and gradient agree to rounding.
    /// </summary>
    public bool RowBlockedFixedEffects { get; init; } = true;

    /// <summary>The mean observations per level from which a term is handled as contiguous segments.</summary>
    public int MinimumSegmentLength { get; init; } = 8;

    /// <summary>
    /// Sample conjugate group-level effects (gamma, beta, inverse_gamma) jointly with the other parameters (non-centred,
    /// v = m(λ) + s(λ) z) even where they can be integrated out in closed form. By default (false) the Poisson–gamma and
    /// gamma–inverse-gamma pairs, and the binomial–beta pair without other terms in the linear predictor, are integrated out
    /// (inverse-gamma effects with the reciprocal link are always sampled jointly) and u is drawn per draw from its exact
    /// conditional posterior. Both routes give the same posterior.
    /// </summary>
    public bool JointConjugateEffects { get; init; }

    /// <summary>
    /// How normal group-level effects enter the log density (<see cref="EffectsRoute"/>): sampled jointly (the default here;
    /// the command line and model files default to <see cref="EffectsRoute.Auto"/>), integrated out exactly (gaussian,
    /// identity link: every normal term), or integrated out by adaptive Gauss–Hermite quadrature (one term of one
    /// coefficient, any family with a log-concave likelihood). The posterior is the same.
    /// </summary>
    public EffectsRoute Effects { get; init; } = EffectsRoute.Joint;

    /// <summary>
    /// On the joint route, how a random intercept nested in another is sampled (<see cref="Modeling.HierarchicalCentring"/>;
    /// the pairs are chosen by <c>Glmm.RandomEffectBlocks</c> and become <c>RandomEffects.NestedCentredEffects</c>). An exact
    /// reparameterisation: the posterior is the same. None here; the command line and model files default to
    /// <see cref="HierarchicalCentring.Auto"/> (benchmarks/SAMPLER.md, "Hierarchical centring on the intercept").
    /// </summary>
    public HierarchicalCentring HierarchicalCentring { get; init; }

    /// <summary>K, the adaptive Gauss–Hermite nodes per cluster on the quadrature route (1 is the Laplace approximation).</summary>
    public int QuadratureNodes { get; init; } = 7;
}
