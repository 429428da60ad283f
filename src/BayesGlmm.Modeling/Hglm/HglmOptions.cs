// Settings of the conjugate HGLM: which route samples it (never what the posterior is).
namespace BayesGlmm.Modeling.Hglm;

/// <summary>Options of <c>HglmModel.Create(frame, family, priors, options)</c>. Both routes give the same posterior.</summary>
public sealed record HglmOptions
{
    /// <summary>
    /// Sample u jointly with the other parameters (non-centred, v = m(λ) + s(λ) z) even where it can be integrated
    /// out in closed form. By default (false) the Poisson–gamma and gamma–inverse-gamma pairs, and the binomial–beta
    /// pair without other terms in the linear predictor, are marginalised (inverse-gamma effects with the reciprocal
    /// link are always sampled jointly) and u is drawn per draw from its exact
    /// conditional posterior.
    /// </summary>
    public bool ForceJoint { get; init; }

    /// <summary>brms's <c>center</c>: which intercept the <c>Intercept</c> prior applies to, as <see cref="GlmmOptions.Center"/>.</summary>
    public bool Center { get; init; } = true;

    /// <summary>
    /// Centre the non-intercept columns of X internally when the model has an intercept (a unit-Jacobian linear
    /// map, as <see cref="GlmmOptions.CenterPredictors"/>); the reported coefficients and the priors are unchanged.
    /// </summary>
    public bool CenterPredictors { get; init; } = true;
}
