// One prior in force in a model, user-given or default, for printing with the fit.
namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// A prior in force: <paramref name="Parameter"/> is a brms parameter or block name (<c>b_Days</c>,
/// <c>sd_Subject__Intercept</c>, <c>cor_Subject</c>, <c>sigma</c>), <paramref name="Prior"/> the
/// distribution as a prior statement writes it (so that <c>Parameter ~ Prior</c> parses back), and
/// <paramref name="IsDefault"/> whether the model chose it. Priors on parameters bounded below are
/// truncated there and renormalised.
/// </summary>
public sealed record PriorUse(string Parameter, string Prior, bool IsDefault)
{
    /// <summary>
    /// Which intercept a printed prior applies to, or null for any other parameter: <c>Intercept</c>, <c>Intercept_muB</c>
    /// and <c>Intercept[k]</c> are brms's centred intercepts and cutpoints (the reported <c>b_Intercept</c> is the
    /// uncentred one), <c>b_Intercept</c>, <c>b_muB_Intercept</c> and <c>b_Intercept[k]</c> the uncentred ones.
    /// </summary>
    public static string? InterceptScope(string parameter)
    {
        bool cutpoint = parameter.EndsWith(']') && parameter.Contains("Intercept[", StringComparison.Ordinal);
        if (parameter.StartsWith("Intercept", StringComparison.Ordinal))
            return cutpoint
                ? "a cutpoint of the centred predictors; b_Intercept[k] is reported uncentred"
                : "the intercept of the centred predictors; b_Intercept is reported uncentred";
        if (parameter.StartsWith("b_", StringComparison.Ordinal) && (cutpoint || parameter.EndsWith("Intercept", StringComparison.Ordinal) && (parameter == "b_Intercept" || parameter.EndsWith("_Intercept", StringComparison.Ordinal))))
            return cutpoint ? "the uncentred cutpoint" : "the uncentred intercept";
        return null;
    }
}
