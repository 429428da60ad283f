// What a model is, as a user states it: name, data file, formula, family, priors and declared factors.
namespace BayesGlmm.Fitting;

/// <summary>A model as given in a model file or on the command line, before any data is read.</summary>
/// <param name="Name">A short name (the model file's name by default).</param>
/// <param name="DataPath">The data file (CSV), as a full path.</param>
/// <param name="Formula">The formula in lme4/brms syntax.</param>
/// <param name="Family">The family with an optional link, e.g. <c>binomial(probit)</c>.</param>
/// <param name="Priors">Prior statements such as <c>b ~ normal(0, 5)</c>.</param>
/// <param name="Factors">Columns to treat as categorical even when numeric.</param>
public sealed record ModelSpec(
    string Name,
    string DataPath,
    string Formula,
    string Family,
    IReadOnlyList<string> Priors,
    IReadOnlyList<string> Factors)
{
    /// <summary>
    /// Sample conjugate group-level effects (<c>gr(g, dist = "gamma")</c>, ...) jointly with the other parameters even
    /// where they can be integrated out exactly (model file <c>"conjugate_effects": "joint"</c>, command line
    /// <c>--conjugate-effects joint</c>). Both routes give the same posterior; the default integrates out where it can.
    /// </summary>
    public bool JointConjugateEffects { get; init; }

    /// <summary>
    /// How normal group-level effects enter the log density (model file <c>"effects"</c>, command line <c>--effects</c>):
    /// auto (the default: integrated where exact, else joint), joint (sampled), integrated (gaussian identity models:
    /// integrated out exactly) or quadrature (one grouping factor of one coefficient: adaptive Gauss–Hermite quadrature
    /// with <see cref="QuadratureNodes"/> nodes). The posterior is the same.
    /// </summary>
    public Modeling.EffectsRoute Effects { get; init; } = Modeling.EffectsRoute.Auto;

    /// <summary>
    /// How random intercepts nested in one another are sampled on the joint route (model file <c>"centring"</c>, command
    /// line <c>--centring</c>): auto (the default), none, nested or intercept (<see cref="Modeling.HierarchicalCentring"/>).
    /// The posterior is the same.
    /// </summary>
    public Modeling.HierarchicalCentring Centring { get; init; } = Modeling.HierarchicalCentring.Auto;

    /// <summary>The adaptive Gauss–Hermite nodes per cluster on the quadrature route (model file <c>"quadrature_nodes"</c>, <c>--quadrature-nodes</c>).</summary>
    public int QuadratureNodes { get; init; } = new Modeling.GlmmOptions().QuadratureNodes;

    /// <summary>
    /// Sample the prior alone, the likelihood switched off (brms's <c>sample_prior = "only"</c>; model file
    /// <c>"sample_prior": "only"</c>, command line <c>--prior-only</c>): the draws are the prior and the report's
    /// predictive checks become prior predictive checks.
    /// </summary>
    public bool PriorOnly { get; init; }

    /// <summary>
    /// brms's <c>center</c> (default true): with an implicit intercept the <c>Intercept</c> prior applies to the intercept of the
    /// centred predictors (ordinal cutpoints likewise); false (model file <c>"center": false</c>, command line <c>--no-center</c>)
    /// puts it on the uncentred intercept or cutpoints (<see cref="Modeling.GlmmOptions.Center"/>).
    /// </summary>
    public bool Center { get; init; } = true;

    /// <summary>How the chains start (model file <c>"init"</c>, command line <c>--init</c>): random (the default) or estimate.</summary>
    public ChainStart Init { get; init; } = ChainStart.Mode;
}
