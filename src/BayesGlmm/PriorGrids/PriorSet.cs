// One named set of alternative priors of a prior grid, and how it overrides a model's priors.
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.PriorGrids;

/// <summary>
/// A named set of prior statements from a prior-grid file (<see cref="PriorGridFile"/>), with the line it starts on.
/// </summary>
/// <param name="Name">The set's name (letters, digits, '_', '-', '.'), also its directory under <c>grid/</c>.</param>
/// <param name="Priors">Prior statements in the model file's syntax, each already checked by <see cref="PriorSpec.Parse"/>.</param>
/// <param name="Line">The 1-based line of the set in its file, for messages.</param>
public sealed record PriorSet(string Name, IReadOnlyList<string> Priors, int Line)
{
    /// <summary>
    /// The model's priors with this set applied: a statement of the set replaces the model's statement with the
    /// same target (<c>b</c> replaces <c>b</c>, <c>sd_g</c> replaces <c>sd_g</c>) and is added otherwise. Targets
    /// are matched exactly, so a more specific prior of the model (<c>b_x</c>) still wins over a class prior of the
    /// set (<c>b</c>) for its coefficient, as precedence always works.
    /// </summary>
    public IReadOnlyList<string> Apply(IReadOnlyList<string> modelPriors)
    {
        ArgumentNullException.ThrowIfNull(modelPriors);
        var targets = Priors.Select(p => PriorSpec.Parse(p).Target).ToHashSet(StringComparer.Ordinal);
        return modelPriors.Where(p => !targets.Contains(PriorSpec.Parse(p).Target)).Concat(Priors).ToArray();
    }
}
