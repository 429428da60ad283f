// Runs, resumes and merges simulation-based calibration studies of a model, in a study directory.
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Data;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Calibration;

/// <summary>
/// The SBC service: builds the study of an <see cref="SbcRequest"/> (the model, the generating model when other priors
/// draw the truth, and a description of everything the ranks depend on, so that resuming or merging a different study is
/// refused) and runs it in a directory (<see cref="SbcStudy"/>: resumable, shardable); merges shards.
/// </summary>
public static class SbcService
{
    /// <summary>The study of <paramref name="request"/>, its models built.</summary>
    /// <exception cref="InputException">The model or a generating prior is bad input.</exception>
    public static SbcStudy Prepare(SbcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Model;
        var data = request.Data ?? Modeling.Data.DataTable.ReadCsv(spec.DataPath, spec.Factors);
        var prepared = ModelComposition.Prepare(spec, data);
        IStatisticalModel? generator = null;
        if (request.GeneratePriors.Count > 0)
        {
            var overrides = request.GeneratePriors.Select(PriorSpec.Parse).ToArray();
            var kept = spec.Priors.Where(p => overrides.All(x => x.Target != PriorSpec.Parse(p).Target));
            generator = ModelComposition.Prepare(spec with { Priors = kept.Concat(request.GeneratePriors).ToArray() }, data).Model;
        }
        // Refuse a start the model cannot have before any simulation runs; each fit then starts from its own data set's estimate.
        ChainStarts.For(prepared.Model, spec.Init);
        var options = new SbcOptions
        {
            InitialPoints = spec.Init != ChainStart.Estimate ? null : model => ChainStarts.For(model, spec.Init),
            Simulations = request.Simulations ?? new SbcOptions().Simulations,
            Seed = request.Sampler.Seed,
            Sampler = ChainStarts.Configure(request.Sampler, spec.Init),
            Thin = request.Thin,
            IncludeRandomEffects = request.RandomEffects,
            MaxParallelFits = request.ParallelFits,
            Shard = request.Shard,
        };
        var description = new Dictionary<string, string>
        {
            ["formula"] = spec.Formula,
            ["family"] = spec.Family,
            ["priors"] = string.Join("; ", spec.Priors),
            ["generate_priors"] = string.Join("; ", request.GeneratePriors),
            ["data_sha256"] = request.Data is null ? FitService.Sha256(spec.DataPath) : DataCsvWriter.Sha256(request.Data),
        };
        if (spec.Init != ChainStart.Mode) description["init"] = ChainStarts.Name(spec.Init);
        return new SbcStudy(prepared.Model, options, generator, description);
    }

    /// <summary>
    /// Runs <paramref name="request"/>'s study (this shard of it) in <paramref name="directory"/>; with <paramref name="resume"/>
    /// the simulations already there are kept and skipped, and a larger <see cref="SbcRequest.Simulations"/> extends the
    /// study (null keeps its number). Cancellation keeps every finished simulation.
    /// </summary>
    /// <exception cref="InputException">The directory holds a study that cannot be continued here.</exception>
    public static SbcStudyResult Run(SbcRequest request, string directory, bool resume = false, IProgress<SbcProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        string manifest = Path.Combine(directory, SbcManifest.FileName);
        if (request.Simulations is null && resume && File.Exists(manifest))
            request = request with { Simulations = SbcManifest.Read(manifest).Simulations };
        var study = Prepare(request);
        try
        {
            return study.Run(directory, resume, progress, cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.Length > 0)
        {
            throw new InputException($"{directory}: {e.Message}", e);
        }
    }

    /// <summary>The key in <see cref="Exception.Data"/> of an <see cref="InputException"/> that a partial merge would avoid.</summary>
    public const string PartialSetting = "partial merge";

    /// <summary>
    /// Combines the shard directories of one study into <paramref name="outputDirectory"/>. They must be the whole study
    /// (every shard once, each finished) unless <paramref name="partial"/>.
    /// </summary>
    /// <exception cref="InputException">
    /// The directories hold different studies, disagree on a simulation, or are not the whole study (naming the shards
    /// missing, repeated or unfinished; <see cref="Exception.Data"/> then holds <see cref="PartialSetting"/>).
    /// </exception>
    public static SbcStudyResult Merge(IReadOnlyList<string> shardDirectories, string outputDirectory, bool partial = false)
    {
        try
        {
            return SbcStudy.Merge(shardDirectories, outputDirectory, partial: partial);
        }
        catch (IncompleteStudyException e)
        {
            throw new InputException(e.Message, e) { Data = { [PartialSetting] = true } };
        }
        catch (InvalidOperationException e) when (e.Message.Length > 0)
        {
            throw new InputException(e.Message, e);
        }
    }
}
