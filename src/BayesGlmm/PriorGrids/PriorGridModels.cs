// Builds the model of every prior set of a grid up front, so that a bad set stops the run before any sampling.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.PriorGrids;

/// <summary>The model of each prior set: the model's description with the set's priors applied (<see cref="PriorSet.Apply"/>).</summary>
public static class PriorGridModels
{
    /// <summary>
    /// Prepares one model per set, in grid order. A prior that does not fit the model (a parameter it does not have,
    /// a bound it breaks) is an <see cref="InputException"/> naming <paramref name="file"/>, the set's line and the set.
    /// </summary>
    public static IReadOnlyList<(PriorSet Set, PreparedModel Model)> Prepare(ModelSpec spec, IReadOnlyList<PriorSet> sets, string file) =>
        Prepare(spec, sets, file, ModelComposition.Prepare);

    /// <summary>As <see cref="Prepare(ModelSpec, IReadOnlyList{PriorSet}, string)"/>, on a data table in memory.</summary>
    public static IReadOnlyList<(PriorSet Set, PreparedModel Model)> Prepare(ModelSpec spec, Modeling.Data.DataTable data, IReadOnlyList<PriorSet> sets, string file)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Prepare(spec, sets, file, s => ModelComposition.Prepare(s, data));
    }

    private static IReadOnlyList<(PriorSet Set, PreparedModel Model)> Prepare(ModelSpec spec, IReadOnlyList<PriorSet> sets, string file, Func<ModelSpec, PreparedModel> build)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sets);
        var prepared = new List<(PriorSet, PreparedModel)>();
        foreach (var set in sets)
        {
            try
            {
                var setSpec = spec with { Name = $"{spec.Name} ({set.Name} priors)", Priors = set.Apply(spec.Priors) };
                prepared.Add((set, build(setSpec)));
            }
            catch (InputException e)
            {
                throw new InputException($"{file}{(set.Line > 0 ? $", line {set.Line}" : "")}, prior set '{set.Name}': {e.Message} Fix or remove that prior in the set.") { Details = e.Details };
            }
        }
        return prepared;
    }
}
