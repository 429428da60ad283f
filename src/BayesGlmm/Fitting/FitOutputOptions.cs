// Where a fit writes its files and whether it may replace an existing directory.
namespace BayesGlmm.Fitting;

/// <summary>The output directory of a fit and whether an existing one may be replaced (<c>--force</c>).</summary>
public sealed record FitOutputOptions(string Directory, bool Force = false)
{
    /// <summary>
    /// Writes further files (plots, the report) into the output directory while it is still being built: called
    /// with the fit result (its <see cref="FitResult.Directory"/> is the temporary directory) and the model, before
    /// the directory is renamed into place, so a report appears only with a complete fit.
    /// </summary>
    public Action<FitResult, Modeling.IStatisticalModel>? WriteExtras { get; init; }

    /// <summary>
    /// The recorder of the run's stages, holding those measured before sampling (start-up, reading the data,
    /// building the model); the fit service adds its own, and <see cref="WriteExtras"/> adds its through
    /// <see cref="FitResult.Stages"/>. Null: the service starts a recorder of its own.
    /// </summary>
    public FitStages? Stages { get; init; }
}
