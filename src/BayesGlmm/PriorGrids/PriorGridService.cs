// Refit sensitivity: the model refitted under each named prior set, compared with its own fit parameter by parameter.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Sampling;

namespace BayesGlmm.PriorGrids;

/// <summary>
/// Fits a model under each set of a prior grid (<see cref="PriorGridFile"/>) and puts the fits beside the model's
/// own: <c>grid/SET/</c> (each set's fit), <c>prior-grid.csv</c> (<see cref="PriorGridTable"/>) and
/// <c>prior-grid.json</c> (the sets). Every set's model is built before any sampling, so a bad set stops the grid
/// before it starts (<see cref="PriorGridModels.Prepare(ModelSpec, IReadOnlyList{PriorSet}, string)"/>).
/// </summary>
public static class PriorGridService
{
    /// <summary>The directory of the set fits inside a fit's directory.</summary>
    public const string GridDirectoryName = "grid";

    /// <summary>The table of every parameter under every set.</summary>
    public const string TableFileName = "prior-grid.csv";

    /// <summary>The sets, as a prior-grid file.</summary>
    public const string SetsFileName = "prior-grid.json";

    /// <summary>
    /// Fits each set's model with <paramref name="options"/>, in memory; <paramref name="progress"/> gives the progress
    /// receiver of the i-th set's fit.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the fits of an interrupted grid are not kept.</exception>
    public static IReadOnlyList<PriorSetFit> FitSets(IReadOnlyList<(PriorSet Set, PreparedModel Model)> models, SamplerOptions options,
        Func<int, IProgress<FitProgress>?>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        var fits = new List<PriorSetFit>(models.Count);
        for (int i = 0; i < models.Count; i++)
            fits.Add(FitSet(models[i].Set, models[i].Model, options, null, progress?.Invoke(i), cancellationToken));
        return fits;
    }

    /// <summary>
    /// Fits <paramref name="prepared"/> and refits it under each set of <paramref name="models"/> (built by
    /// <see cref="PriorGridModels.Prepare(ModelSpec, IReadOnlyList{PriorSet}, string)"/> from <paramref name="sets"/>), writing
    /// the model's output directory with <c>grid/SET/</c>, <c>prior-grid.csv</c> and <c>prior-grid.json</c>. The set
    /// fits run first into a hidden staging directory beside the output (<see cref="Stage"/>) and move under it while the
    /// model's own fit is completed, so the directory appears only with every fit; <paramref name="writeReport"/> then
    /// adds plots and a report with the grid. <paramref name="watch"/> runs each fit with its label and progress.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled during a set fit; nothing is kept.</exception>
    /// <exception cref="InputException">The output directory exists (and may not be replaced), or the draws would not fit.</exception>
    public static (FitResult Fit, PriorGridResult Grid) Run(PreparedModel prepared, IReadOnlyList<PriorSet> sets,
        IReadOnlyList<(PriorSet Set, PreparedModel Model)> models, SamplerOptions options, FitOutputOptions output,
        bool includeEffects = false, Action<FitResult, PriorGridResult>? writeReport = null, FitWatch? watch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        OutputDirectory.CheckAvailable(output.Directory, output.Force);
        watch ??= (_, fit) => fit(null);
        using var staging = Stage(output.Directory);
        var fits = new List<PriorSetFit>(models.Count);
        for (int i = 0; i < models.Count; i++)
        {
            var (set, model) = models[i];
            PriorSetFit? setFit = null;
            watch($"Prior set '{set.Name}' ({i + 1} of {models.Count}): {string.Join("; ", set.Priors)}", progress =>
            {
                setFit = FitSet(set, model, options, staging.Path, progress, cancellationToken);
                return setFit.Fit!;
            });
            fits.Add(setFit! with { Fit = null });
        }

        PriorGridResult? grid = null;
        var own = output with
        {
            WriteExtras = fit =>
            {
                grid = Combine(fit, sets, fits, includeEffects);
                Write(grid, fit.Directory!);
                output.WriteExtras?.Invoke(fit);
                writeReport?.Invoke(fit, grid);
            },
        };
        var modelFit = watch("The model's own priors:", progress => FitService.Run(prepared, options, own, progress, cancellationToken));
        return (modelFit, grid!);
    }

    /// <summary>
    /// One set's fit: in memory, or written to <c>staging/SET</c> (then <see cref="PriorSetFit.Fit"/> also holds it, to
    /// be dropped by the caller that keeps only summaries).
    /// </summary>
    private static PriorSetFit FitSet(PriorSet set, PreparedModel model, SamplerOptions options, string? staging,
        IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        var fit = staging is null
            ? FitService.Fit(model, options, progress, cancellationToken)
            : FitService.Run(model, options, new FitOutputOptions(Path.Combine(staging, set.Name)), progress, cancellationToken);
        if (fit.Cancelled || cancellationToken.IsCancellationRequested)
            throw new OperationCanceledException($"Interrupted during the fit under prior set '{set.Name}'; the prior grid's fits are not kept.");
        return new PriorSetFit(set, fit.Summary, fit.Diagnostics.Warnings)
        {
            Fit = fit,
            Directory = staging is null ? null : fit.Directory,
        };
    }

    /// <summary>
    /// A hidden sibling of the output directory <paramref name="outputDirectory"/> where the set fits are written
    /// (<see cref="Run"/>) until the model's own fit is complete and <see cref="Write"/> moves them under it;
    /// disposing it deletes whatever is left there.
    /// </summary>
    public static StagingDirectory Stage(string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        string full = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? ".";
        return new StagingDirectory(Path.Combine(parent, "." + Path.GetFileName(full) + ".grid-" + Guid.NewGuid().ToString("N")[..8]));
    }

    /// <summary>The staging directory of a grid's set fits; deleted on dispose.</summary>
    public sealed class StagingDirectory(string path) : IDisposable
    {
        /// <summary>The directory (created by the first set fit).</summary>
        public string Path { get; } = path;

        /// <summary>Deletes the directory and what is left in it.</summary>
        public void Dispose()
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Refits <paramref name="fit"/>'s model (in memory or saved) under each of <paramref name="sets"/>, in memory, with
    /// its own settings unless <paramref name="options"/> are given, and compares the fits with it.
    /// </summary>
    /// <exception cref="InputException">A set gives a prior the model does not have, or a saved fit's data file is gone.</exception>
    public static PriorGridResult Refit(FitResult fit, IReadOnlyList<PriorSet> sets, SamplerOptions? options = null, bool includeEffects = false,
        Func<int, IProgress<FitProgress>?>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(sets);
        var models = PriorGridModels.Prepare(FitDirectory.Spec(fit.Record), fit.Data, sets, "the prior grid");
        return Combine(fit, sets, FitSets(models, options ?? fit.Settings, progress, cancellationToken), includeEffects);
    }

    /// <summary>The grid of the model's own fit and the set fits: the table, leaving out <c>r_*</c> unless <paramref name="includeEffects"/>.</summary>
    public static PriorGridResult Combine(FitResult modelFit, IReadOnlyList<PriorSet> sets, IReadOnlyList<PriorSetFit> fits, bool includeEffects)
    {
        ArgumentNullException.ThrowIfNull(modelFit);
        ArgumentNullException.ThrowIfNull(fits);
        var rows = PriorGridTable.Rows([(PriorGridFile.ModelSetName, modelFit.Summary), .. fits.Select(f => (f.Set.Name, f.Summary))], includeEffects);
        return new PriorGridResult(sets, rows, fits.ToDictionary(f => f.Set.Name, f => f.Warnings, StringComparer.Ordinal)) { Fits = fits };
    }

    /// <summary>
    /// Writes <paramref name="grid"/> into the fit directory <paramref name="fitDirectory"/>: each set's fit under
    /// <c>grid/SET</c> (a staged directory is moved there; a fit in memory is written), the table and the sets.
    /// </summary>
    public static void Write(PriorGridResult grid, string fitDirectory)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(fitDirectory);
        string gridDirectory = Path.Combine(fitDirectory, GridDirectoryName);
        Directory.CreateDirectory(gridDirectory);
        foreach (var fit in grid.Fits)
        {
            string target = Path.Combine(gridDirectory, fit.Set.Name);
            if (fit.Directory is not null) Directory.Move(fit.Directory, target);
            else if (fit.Fit is not null) FitWriter.Write(fit.Fit, new FitOutputOptions(target));
        }
        PriorGridTable.Write(Path.Combine(fitDirectory, TableFileName), grid.Rows);
        PriorGridFile.Write(Path.Combine(fitDirectory, SetsFileName), grid.Sets);
    }
}
