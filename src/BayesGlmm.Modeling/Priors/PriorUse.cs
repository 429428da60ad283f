// One prior in force in a model, user-given or default, for printing with the fit.
namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// A prior in force: <paramref name="Parameter"/> is a brms parameter or block name (<c>b_Days</c>,
/// <c>sd_Subject__Intercept</c>, <c>cor_Subject</c>, <c>sigma</c>), <paramref name="Prior"/> the
/// distribution as a prior statement writes it (so that <c>Parameter ~ Prior</c> parses back), and
/// <paramref name="IsDefault"/> whether the model chose it. Priors on parameters bounded below are
/// truncated there and renormalised.
/// </summary>
public sealed record PriorUse(string Parameter, string Prior, bool IsDefault);
