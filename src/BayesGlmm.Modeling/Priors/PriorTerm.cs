// One term of a model's log prior: the parameter it applies to and its class.
namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// One prior in force as a term of the log prior: <paramref name="Parameter"/> is the brms name of the parameter
/// or block it applies to (<c>b_floor</c>, <c>sd_county__Intercept</c>, <c>cor_county</c>, <c>sigma</c>,
/// <c>b_Intercept[2]</c>) and <paramref name="Class"/> its prior class as a prior statement names it
/// (<c>Intercept</c>, <c>b</c>, <c>sd</c>, <c>cor</c>, <c>df</c>, or a family parameter: <c>sigma</c>,
/// <c>shape</c>, <c>phi</c>, <c>nu</c>).
/// </summary>
public sealed record PriorTerm(string Parameter, string Class)
{
    /// <summary>
    /// True when <paramref name="selector"/> picks this term: its class (<c>sd</c>), its parameter
    /// (<c>sd_county__floor</c>, <c>cor_county</c>, <c>b_floor</c>), or a group of an sd class (<c>sd_county</c>).
    /// </summary>
    public bool IsSelectedBy(string selector) =>
        Class == selector || Parameter == selector
        || (Class == "sd" && Parameter.StartsWith(selector + "__", StringComparison.Ordinal) && selector.StartsWith("sd_", StringComparison.Ordinal));
}
