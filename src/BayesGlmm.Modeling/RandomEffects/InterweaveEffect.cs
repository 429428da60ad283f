// What a block's interweaving move did to the point and to the log density and gradient there.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>The outcome of <see cref="RandomEffectKernel.Interweave"/>.</summary>
public enum InterweaveEffect
{
    /// <summary>The block's values did not move.</summary>
    None,

    /// <summary>They moved, and the log density and gradient were brought to the new point in closed form.</summary>
    Updated,

    /// <summary>They moved, and the log density and gradient must be evaluated again.</summary>
    NeedsEvaluation,
}
