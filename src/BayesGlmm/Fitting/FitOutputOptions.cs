// Where a fit writes its files, whether it may replace an existing directory, and what else to write into it.
namespace BayesGlmm.Fitting;

/// <summary>The output directory of a fit and whether an existing one may be replaced.</summary>
public sealed record FitOutputOptions(string Directory, bool Force = false)
{
    /// <summary>
    /// Writes further files (plots, the report) into the output directory while it is still being built: called
    /// with the fit, whose <see cref="FitResult.Directory"/> is then the hidden directory being written, before it
    /// is renamed into place, so a report appears only with a complete fit.
    /// </summary>
    public Action<FitResult>? WriteExtras { get; init; }

    /// <summary>
    /// The recorder of the run's stages, holding those measured before sampling (start-up, reading the data,
    /// building the model); the fit service and the writer add theirs, and <see cref="WriteExtras"/> adds its through
    /// <see cref="FitResult.Stages"/>. Null: the run starts a recorder of its own.
    /// </summary>
    public FitStages? Stages { get; init; }
}
