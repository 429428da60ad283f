// Which terms of a model's log prior a power-scaling prior selection picks (priorsense's prior_selection).
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// Resolves a prior selection against a model's <see cref="IPriorClasses.PriorTerms"/>: each selector is a class
/// (<c>b</c>, <c>Intercept</c>, <c>sd</c>, <c>cor</c>, <c>df</c>, <c>sigma</c>, <c>shape</c>, <c>phi</c>, <c>nu</c>),
/// one prior's parameter (<c>b_floor</c>, <c>sd_county__floor</c>, <c>cor_county</c>) or a group's sds
/// (<c>sd_county</c>); <c>all</c> or no selector means the joint prior. Power-scaling then raises only the
/// selected priors to the power α (Kallioinen et al. 2023, §2: p(θ)^α may be any subset of the prior factors).
/// </summary>
public static class PriorClassSelection
{
    /// <summary>True when <paramref name="selectors"/> asks for the joint prior (null, empty, or only <c>all</c>).</summary>
    public static bool IsJoint(IReadOnlyCollection<string>? selectors) =>
        selectors is null || selectors.All(s => string.Equals(s, "all", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One flag per prior term of <paramref name="model"/>, true where a selector picks it; null for the joint prior.
    /// </summary>
    /// <exception cref="InputException">
    /// The model reports only a joint log prior, or a selector matches no prior (the message lists the classes and priors).
    /// </exception>
    public static bool[]? Resolve(IStatisticalModel model, IReadOnlyCollection<string>? selectors)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (IsJoint(selectors)) return null;
        if (model is not IPriorClasses classes)
            throw new InputException(
                $"Prior selection {string.Join(", ", selectors!)}: this model reports its log prior only as one total, so only the joint prior ('all') can be power-scaled.");
        var terms = classes.PriorTerms;
        var selected = new bool[terms.Count];
        foreach (string selector in selectors!)
        {
            if (string.Equals(selector, "all", StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(selected, true);
                continue;
            }
            bool any = false;
            for (int i = 0; i < terms.Count; i++)
                if (terms[i].IsSelectedBy(selector)) selected[i] = any = true;
            if (!any)
                throw new InputException(
                    $"No prior of this model matches the prior class '{selector}'. Give a class ({string.Join(", ", Classes(terms))}), " +
                    $"one prior's parameter ({string.Join(", ", terms.Select(t => t.Parameter))}) or 'all'.");
        }
        return selected;
    }

    /// <summary>The distinct classes of <paramref name="terms"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Classes(IEnumerable<PriorTerm> terms) => terms.Select(t => t.Class).Distinct(StringComparer.Ordinal).ToArray();
}
