// What predictions for a level not in the data need from one draw: the effects' scale, correlation factor and tail.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The distribution of one term's K effects for a new level at one draw: u = sd ⊙ (L z) with z standard normal and Ω = L Lᵀ,
/// scaled by √(df / χ²_df) for Student-t effects (<paramref name="DegreesOfFreedom"/> +∞ for normal ones).
/// </summary>
/// <param name="Sd">The K standard deviations.</param>
/// <param name="Factor">The K × K lower Cholesky factor of the correlation matrix (row-major; the identity without correlations).</param>
/// <param name="DegreesOfFreedom">The degrees of freedom of Student-t effects, +∞ for normal effects.</param>
public sealed record NewLevelLaw(double[] Sd, double[] Factor, double DegreesOfFreedom);
