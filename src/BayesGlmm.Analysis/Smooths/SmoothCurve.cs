// One smooth term's fitted curve with its credible band on the link scale, the other terms at reference values.

namespace BayesGlmm.Analysis.Smooths;

/// <summary>
/// One smooth's conditional effect on the link scale: at each grid value of its covariate, the posterior median and
/// central 95% interval of the linear predictor, for one level of its <c>by</c> factor (or the whole term).
/// </summary>
/// <param name="Label">brms's label of the part (<c>sx</c>, <c>sxfa</c>), which names the plot.</param>
/// <param name="Term">The term as written, e.g. <c>s(x)</c>.</param>
/// <param name="Covariate">The varied variable.</param>
/// <param name="Level">The by factor's level, or null.</param>
/// <param name="Grid">The covariate values, evenly spaced over the observed range.</param>
/// <param name="Median">The posterior median of the linear predictor at each grid value.</param>
/// <param name="Lower">Its 2.5% quantile.</param>
/// <param name="Upper">Its 97.5% quantile.</param>
/// <param name="Observed">The covariate's observed values (for this by level), for a rug.</param>
public sealed record SmoothCurve(string Label, string Term, string Covariate, string? Level, double[] Grid,
    double[] Median, double[] Lower, double[] Upper, double[] Observed);
