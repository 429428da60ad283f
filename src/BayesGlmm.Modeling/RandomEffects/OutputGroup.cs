// Reported names of one class of a block's hyperparameters (sd, cor, df, lambda), laid out class by class across blocks.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The reported names of one brms class of a block's hyperparameters: <c>sd</c> (<c>sd_g__Intercept</c>, ...), <c>cor</c>,
/// <c>df</c>, <c>lambda</c>. brms lists every group's sds, then every group's correlations, and so on; the model lays the
/// groups of all blocks out so, in the order the classes first appear.
/// </summary>
/// <param name="Class">The class.</param>
/// <param name="Names">The reported names, possibly none.</param>
public sealed record OutputGroup(string Class, IReadOnlyList<string> Names);
