// The routes by which normal group-level effects enter a model's log density: sampled, integrated out exactly, or by quadrature.
namespace BayesGlmm.Modeling;

/// <summary>How normal group-level effects enter the log density (<see cref="GlmmOptions.Effects"/>); every route gives the same posterior.</summary>
public enum EffectsRoute
{
    /// <summary>
    /// <see cref="Integrated"/> where the model allows it (gaussian, identity link, every group-level term normal), else
    /// <see cref="Joint"/>: the route with more effective draws per second on the measured gaussian models
    /// (benchmarks/RESULTS.md, "Routes of normal effects").
    /// </summary>
    Auto,

    /// <summary>Sampled with the other parameters, non-centred (<c>RandomEffects.NormalEffects</c>).</summary>
    Joint,

    /// <summary>
    /// Integrated out exactly for a gaussian model with the identity link, every term in one block
    /// (<c>Integrated.IntegratedNormalEffects</c>); the effects drawn per draw from their Gaussian conditional.
    /// </summary>
    Integrated,

    /// <summary>
    /// Integrated out by adaptive Gauss–Hermite quadrature, one term of one coefficient (<c>Integrated.QuadratureEffects</c>);
    /// the effects drawn per draw from their conditional.
    /// </summary>
    Quadrature,
}
