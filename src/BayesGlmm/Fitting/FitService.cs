// The fit service: samples a model with NUTS in memory, or into an output directory whose chain files grow as draws are made.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Reporting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// Fits models (Stan's <c>services::sample</c>): <see cref="Fit(PreparedModel, SamplerOptions, IProgress{FitProgress}?, CancellationToken, IDrawListener?)"/>
/// samples in memory and returns a <see cref="FitResult"/>; <see cref="Run(PreparedModel, SamplerOptions, FitOutputOptions, IProgress{FitProgress}?, CancellationToken)"/>
/// also writes the output directory, streaming each chain's CmdStan CSV file as its draws are made so that a
/// killed run leaves its draws in the hidden directory being built (<see cref="PartialOutputs"/> finds them).
/// </summary>
/// <remarks>
/// Cancellation stops every chain after its current iteration, and chains that had not started do not start. The
/// result keeps every draw made; the summary uses the largest equal-length block of chains
/// (<see cref="EqualLengthChains.Largest"/>). When no chain made a draw there is nothing to keep and the fit throws
/// <see cref="OperationCanceledException"/> saying where each chain stopped.
/// </remarks>
public static class FitService
{
    /// <summary>Builds the model of a model file or command line from its data, then samples it in memory.</summary>
    public static FitResult Fit(ModelSpec spec, SamplerOptions options, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stages = new FitStages();
        return Fit(ModelComposition.Prepare(spec, stages), options, progress, cancellationToken, null, stages);
    }

    /// <summary>
    /// Samples <paramref name="prepared"/> in memory. <paramref name="listener"/>, when given, receives every draw as
    /// it is made. Reads and writes no file.
    /// </summary>
    /// <exception cref="SettingOutOfRangeException">A setting of <paramref name="options"/> is outside its range.</exception>
    /// <exception cref="InputException">The draws would not fit in memory.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any chain made a draw.</exception>
    public static FitResult Fit(PreparedModel prepared, SamplerOptions options, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default, IDrawListener? listener = null) =>
        Fit(prepared, options, progress, cancellationToken, listener, new FitStages());

    /// <summary>Samples <paramref name="prepared"/> in memory, recording the stages <c>sample</c> and <c>summary</c> in <paramref name="stages"/>.</summary>
    private static FitResult Fit(PreparedModel prepared, SamplerOptions options, IProgress<FitProgress>? progress,
        CancellationToken cancellationToken, IDrawListener? listener, FitStages stages)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = prepared.Model;
        RunSize.Of(model, options).CheckMemory();
        options = WithStart(prepared, options, stages, cancellationToken);
        var start = DateTimeOffset.UtcNow;

        var collector = new DrawCollector(model, options, listener, progress);
        var result = stages.Measure(FitStages.Names.Sample, () => NutsSampler.Run(model, options, collector, null, cancellationToken));
        var end = DateTimeOffset.UtcNow;
        var chains = ChainRecords(result, collector, options);
        if (chains.All(c => c.Draws == 0))
            throw new OperationCanceledException("The run was interrupted before any draw was made (" +
                string.Join("; ", chains.Select(c => ChainStatus.Describe(c, options.Warmup, options.Draws))) + "); there is nothing to keep.");

        var block = stages.Measure(FitStages.Names.Summary,
            () => SummaryBlock.Of(collector.Storage, chains.Select(c => c.Draws).ToArray(), options.MaxTreeDepth, options.AdaptDelta)!);
        var diagnostics = block.Diagnostics;
        if (prepared.Warnings.Count > 0) diagnostics = diagnostics with { Warnings = [.. prepared.Warnings, .. diagnostics.Warnings] };
        double? quadratureError = QuadratureCheck.LargestError(prepared.Model, collector.Storage, chains.Select(c => c.Draws).ToArray());
        if (QuadratureCheck.Warning(quadratureError, prepared.QuadratureNodes) is string quadratureWarning)
            diagnostics = diagnostics with { Warnings = [.. diagnostics.Warnings, quadratureWarning] };
        var record = new FitRecord
        {
            Version = ProgramVersion.Current,
            Model = new FitModelRecord(prepared.Name, prepared.Formula, prepared.Family, prepared.Priors, prepared.Factors)
            {
                JointConjugateEffects = prepared.JointConjugateEffects,
                Effects = EffectsRoutes.Name(prepared.Model is GlmmModel routed ? routed.Route : prepared.Effects),
                Centring = Centrings.Name(prepared.Centring),
                CentredPairs = prepared.Model is GlmmModel centred ? centred.CentredPairs : [],
                QuadratureNodes = prepared.Effects == EffectsRoute.Quadrature ? prepared.QuadratureNodes : null,
                QuadratureError = quadratureError,
                PriorOnly = prepared.PriorOnly,
                PriorStatements = prepared.PriorStatements,
                Center = prepared.Center,
            },
            Data = new FitDataRecord(prepared.DataFile, prepared.DataFile.Length == 0 ? "" : Sha256(prepared.DataFile),
                prepared.DataRows, prepared.RowsUsed, prepared.RowsDropped),
            Seed = options.Seed,
            Settings = FitSettingsRecord.From(options) with
            {
                Init = ChainStarts.Recorded(options, prepared.Init),
            },
            Versions = new FitVersionsRecord(ProgramVersion.Current, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, "CmdStan 2.34"),
            Timing = new FitTimingRecord(start, end, (end - start).TotalSeconds),
            Chains = chains,
            GradientEvaluations = result.Chains.Sum(c => c.GradientEvaluations),
            Diagnostics = FitDiagnosticsRecord.From(diagnostics),
            Stages = stages.Records,
            Cancelled = result.Cancelled,
            SummaryChains = block.Chains,
            SummaryDrawsPerChain = block.Length,
            Columns = StanNameMap.Build(model.OutputNames).Columns
                .Select(c => new FitColumnRecord(c.Column, c.Variable, c.Level, c.Coefficient, c.Indices) { OutputIndex = c.OutputIndex }).ToArray(),
        };
        return new FitResult(() => prepared)
        {
            Record = record,
            Settings = options,
            Draws = block.Draws,
            AllDraws = collector.Storage,
            Summary = block.Summary,
            Diagnostics = diagnostics,
            InverseMetrics = result.Chains.Select(c => c.CompletedDraws > 0 ? c.InverseMetric : []).ToArray(),
            Stages = stages,
        };
    }

    /// <summary>
    /// Builds the model of a model file or command line, samples it and writes the output directory; the directory is
    /// checked before the data is read.
    /// </summary>
    public static FitResult Run(ModelSpec spec, SamplerOptions options, FitOutputOptions output,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        OutputDirectory.CheckAvailable(output.Directory, output.Force);
        var stages = output.Stages ?? new FitStages();
        return Run(ModelComposition.Prepare(spec, stages), options, output with { Stages = stages }, progress, cancellationToken);
    }

    /// <summary>
    /// Samples <paramref name="prepared"/> and writes its output directory (<see cref="FitWriter"/>): the chain files
    /// grow as the draws are made, in a hidden sibling directory that is renamed into place when complete.
    /// An interrupted run writes the draws made; a failed one leaves nothing. The stages are recorded in
    /// <see cref="FitOutputOptions.Stages"/> (or a recorder of the run's own) and listed in fit.json.
    /// </summary>
    /// <exception cref="InputException">The directory exists (and may not be replaced), or the draws would not fit in memory or on its disk.</exception>
    public static FitResult Run(PreparedModel prepared, SamplerOptions options, FitOutputOptions output,
        IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        OutputDirectory.CheckAvailable(output.Directory, output.Force);
        var size = RunSize.Of(prepared.Model, options);
        size.CheckMemory();
        size.CheckDisk(output.Directory);

        var stages = output.Stages ?? new FitStages();
        options = WithStart(prepared, options, stages, cancellationToken);
        using var directory = OutputDirectory.Begin(output.Directory, output.Force);
        var start = DateTimeOffset.UtcNow;
        using var chainFiles = new ChainFiles(directory.TemporaryPath, StanNameMap.Build(prepared.Model.OutputNames),
            FitWriter.RunInfo(prepared.Name, prepared.DataFile, options, start), options.Chains);
        var fit = Fit(prepared, options, progress, cancellationToken, chainFiles, stages);
        fit = FitWriter.WriteInto(fit, directory, chainFiles, output.WriteExtras);
        directory.Commit();
        return fit with { Directory = directory.FinalPath };
    }

    /// <summary>
    /// <paramref name="options"/> with the initial points of <see cref="PreparedModel.Init"/> (the estimate made here, as the
    /// stage <c>estimate</c>), unless they already have some.
    /// </summary>
    /// <exception cref="InputException">The estimate cannot handle the model.</exception>
    private static SamplerOptions WithStart(PreparedModel prepared, SamplerOptions options, FitStages stages, CancellationToken cancellationToken)
    {
        if (options.InitialPoints is not null) return options;
        options = ChainStarts.Configure(options, prepared.Init);
        if (prepared.Init != ChainStart.Estimate) return options;
        var source = stages.Measure(FitStages.Names.Estimate, () => ChainStarts.For(prepared.Model, prepared.Init, cancellationToken));
        return options with { InitialPoints = source };
    }

    /// <summary>The hex SHA-256 of a file, or an empty string when it cannot be read.</summary>
    public static string Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static FitChainRecord[] ChainRecords(SamplingResult result, DrawCollector collector, SamplerOptions options) =>
        result.Chains.Select(c => new FitChainRecord
        {
            Chain = c.Chain + 1,
            File = collector.DrawCounts[c.Chain] > 0 ? ChainFiles.FileName(c.Chain) : "",
            Status = ChainStatus.Of(collector.WarmupIterations[c.Chain], collector.DrawCounts[c.Chain], options.Draws),
            WarmupIterations = collector.WarmupIterations[c.Chain],
            Draws = collector.DrawCounts[c.Chain],
            StepSize = c.StepSize,
            WarmupSeconds = c.WarmupTime.TotalSeconds,
            SamplingSeconds = c.SamplingTime.TotalSeconds,
            GradientEvaluations = c.GradientEvaluations,
            WarmupLeapfrogSteps = c.WarmupLeapfrogSteps,
            SamplingLeapfrogSteps = c.SamplingLeapfrogSteps,
            Divergences = collector.SamplingDivergences[c.Chain],
            WarmupDivergences = collector.WarmupDivergences[c.Chain],
            MaxTreedepthHits = MaxTreedepthHits(collector.Storage, c.Chain, collector.DrawCounts[c.Chain], options.MaxTreeDepth),
            Ebfmi = collector.DrawCounts[c.Chain] > 1
                ? SamplerChecks.Ebfmi(collector.Storage.Chain(collector.Storage.IndexOf("energy__"), c.Chain)[..collector.DrawCounts[c.Chain]])
                : double.NaN,
        }).ToArray();

    private static int MaxTreedepthHits(Draws storage, int chain, int count, int maxTreeDepth)
    {
        int hits = 0;
        foreach (double depth in storage.Chain(storage.IndexOf("treedepth__"), chain)[..count]) if (depth >= maxTreeDepth) hits++;
        return hits;
    }
}
