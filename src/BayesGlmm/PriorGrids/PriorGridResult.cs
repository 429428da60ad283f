// A fit's prior grid: the sets, each set's fit, and the table of every parameter under every set.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Fitting;
using BayesGlmm.Output;

namespace BayesGlmm.PriorGrids;

/// <summary>The fit of the model under one prior set.</summary>
/// <param name="Set">The prior set.</param>
/// <param name="Summary">The fit's summary rows.</param>
/// <param name="Warnings">The fit's sampler warnings.</param>
public sealed record PriorSetFit(PriorSet Set, IReadOnlyList<SummaryRow> Summary, IReadOnlyList<string> Warnings)
{
    /// <summary>The fit in memory, when it was kept there (null when it was written to <see cref="Directory"/>).</summary>
    public FitResult? Fit { get; init; }

    /// <summary>The directory the fit was written to, until it is moved under the model's fit (null for a fit in memory).</summary>
    public string? Directory { get; init; }
}

/// <summary>
/// A prior grid (refit sensitivity): the sets as given, their fits, the table of <c>prior-grid.csv</c>
/// (<see cref="PriorGridTable.Rows"/>) and each set fit's sampler warnings.
/// </summary>
/// <param name="Sets">The prior sets, in grid order.</param>
/// <param name="Rows">Every parameter's median and 90% interval under the model's priors (set <c>model</c>) and each set.</param>
/// <param name="Warnings">Each set fit's sampler warnings, by set name.</param>
public sealed record PriorGridResult(IReadOnlyList<PriorSet> Sets, IReadOnlyList<PriorGridRow> Rows,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings)
{
    /// <summary>The set fits (empty for a grid read back from a directory).</summary>
    public IReadOnlyList<PriorSetFit> Fits { get; init; } = [];

    /// <summary>The set names in table order: <c>model</c>, then the grid's sets.</summary>
    public IReadOnlyList<string> SetNames => [PriorGridFile.ModelSetName, .. Sets.Select(s => s.Name)];

    /// <summary>Loads the grid a fit directory holds (<c>prior-grid.json</c> and <c>prior-grid.csv</c>), or null when it has none.</summary>
    public static PriorGridResult? TryLoad(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string json = Path.Combine(directory, PriorGridService.SetsFileName), csv = Path.Combine(directory, PriorGridService.TableFileName);
        if (!File.Exists(json) || !File.Exists(csv)) return null;
        var sets = PriorGridFile.Load(json);
        var warnings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            string record = Path.Combine(directory, PriorGridService.GridDirectoryName, set.Name, "fit.json");
            if (File.Exists(record)) warnings[set.Name] = FitJson.Read(record).Diagnostics.Warnings;
        }
        return new PriorGridResult(sets, PriorGridTable.Read(csv), warnings);
    }
}
