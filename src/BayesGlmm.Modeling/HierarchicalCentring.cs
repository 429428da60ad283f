// How random intercepts nested in one another are parameterised on the joint route: non-centred, or hierarchically centred.
namespace BayesGlmm.Modeling;

/// <summary>
/// The parameterisation of a random intercept nested in another (<see cref="GlmmOptions.HierarchicalCentring"/>); every
/// choice is the same model, only the coordinates the sampler moves in differ (Gelfand, Sahu &amp; Carlin 1995).
/// </summary>
public enum HierarchicalCentring
{
    /// <summary>Every term non-centred, r = sd z.</summary>
    None,

    /// <summary>The inner term sampled as totals around its parent's non-centred effect.</summary>
    Nested,

    /// <summary>The outer term sampled as level means around the model's intercept, the inner one as totals around them.</summary>
    OnIntercept,

    /// <summary>
    /// The longest chain of nested random intercepts partially non-centred level by level, with weights from the data's
    /// information and the Laplace estimate's sds (<c>RandomEffects.PartiallyCentredChain</c>); poisson(log) models only,
    /// others as <see cref="Nested"/>.
    /// </summary>
    Partial,

    /// <summary>
    /// What the data support, pair by pair (<c>Glmm.CentringEvidence</c>): non-centred where the inner levels are weakly
    /// informed; else centred on the intercept where the outer levels hold many inner levels
    /// (<c>Glmm.RandomEffectBlocks.CentredOnInterceptFrom</c> on average) and their means are informed too, and nested otherwise.
    /// </summary>
    Auto,
}
