// Runs a fit: samples a prepared model, streams chain files, and writes summary.csv, draws.csv and fit.json atomically.
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
/// The fit service: samples a model with NUTS and writes the output directory — one CmdStan CSV file per chain
/// (streamed as draws are made), <c>summary.csv</c>, <c>draws.csv</c> and <c>fit.json</c> — into a temporary
/// sibling that is renamed into place only when complete. A cancelled run keeps every finished draw.
/// </summary>
public static class FitService
{
    /// <summary>Fits the model of a model file or command line: builds it from its data, then samples it.</summary>
    public static FitResult Run(ModelSpec spec, FitSettings settings, FitOutputOptions output,
        IProgress<ChainProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        OutputDirectory.CheckAvailable(output.Directory, output.Force);
        var stages = output.Stages ?? new FitStages();
        var prepared = ModelComposition.Prepare(spec, stages);
        return Run(prepared, settings, output with { Stages = stages }, progress, cancellationToken);
    }

    /// <summary>Samples a prepared model and writes the output directory.</summary>
    public static FitResult Run(PreparedModel prepared, FitSettings settings, FitOutputOptions output,
        IProgress<ChainProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        var stages = output.Stages ?? new FitStages();
        var model = prepared.Model;
        var map = StanNameMap.Build(model.OutputNames);
        string dataHash = Sha256(prepared.DataFile);
        var start = DateTimeOffset.UtcNow;
        string version = ProgramVersion.Current;

        using var directory = OutputDirectory.Begin(output.Directory, output.Force);
        var info = new CmdStanRunInfo
        {
            ModelName = prepared.Name,
            Seed = settings.Seed,
            NumSamples = settings.Draws,
            NumWarmup = settings.Warmup,
            Delta = settings.AdaptDelta,
            MaxDepth = settings.MaxTreeDepth,
            DenseMetric = settings.Metric == MetricKind.Dense,
            NumChains = settings.Chains,
            DataFile = prepared.DataFile,
            Start = start,
            Producer = "bayesglmm " + version,
        };
        var options = settings.ToSamplerOptions();

        SamplingResult result;
        Draws draws;
        using (var sink = new ChainFileSink(model, map, directory.TemporaryPath, info, settings.Chains, settings.Draws, settings.Seed))
        {
            result = stages.Measure(FitStages.Names.Sample, () => NutsSampler.Run(model, options, sink, progress, cancellationToken));
            var sampled = result;
            draws = stages.Measure(FitStages.Names.DrawsFiles, () =>
            {
                sink.Complete(sampled);
                return sink.Draws();
            });
        }
        if (draws.IterationCount == 0)
            throw new OperationCanceledException("The run was interrupted before any draw was made; no output was written.");

        var (summary, diagnostics) = stages.Measure(FitStages.Names.Summary, () =>
        {
            var summary = PosteriorSummary.Compute(draws);
            return (summary, FitDiagnostics.Compute(draws, summary, settings.MaxTreeDepth, settings.AdaptDelta));
        });
        if (prepared.Warnings.Count > 0) diagnostics = diagnostics with { Warnings = [.. prepared.Warnings, .. diagnostics.Warnings] };
        stages.Measure(FitStages.Names.DrawsFiles, () =>
        {
            SummaryCsvWriter.Write(directory.File("summary.csv"), summary);
            DrawsCsvWriter.Write(directory.File("draws.csv"), Reported(draws, model.OutputNames.Count));
        });
        var end = DateTimeOffset.UtcNow;

        var record = new FitRecord
        {
            Version = version,
            Model = new FitModelRecord(prepared.Name, prepared.Formula, prepared.Family, prepared.Priors, prepared.Factors)
            {
                JointConjugateEffects = prepared.JointConjugateEffects,
                Center = prepared.Center,
            },
            Data = new FitDataRecord(prepared.DataFile, dataHash, prepared.DataRows, prepared.RowsUsed, prepared.RowsDropped),
            Seed = settings.Seed,
            Settings = new FitSettingsRecord
            {
                Chains = settings.Chains,
                Warmup = settings.Warmup,
                Draws = settings.Draws,
                AdaptDelta = settings.AdaptDelta,
                MaxTreedepth = settings.MaxTreeDepth,
                Metric = FitSettings.MetricName(settings.Metric),
                InitRadius = options.InitRadius,
                Gamma = options.Gamma,
                Kappa = options.Kappa,
                T0 = options.T0,
                InitBuffer = options.InitBuffer,
                TermBuffer = options.TermBuffer,
                Window = options.BaseWindow,
            },
            Versions = new FitVersionsRecord(version, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, "CmdStan 2.34"),
            Timing = new FitTimingRecord(start, end, (end - start).TotalSeconds),
            Chains = result.Chains.Select(c => new FitChainRecord
            {
                Chain = c.Chain + 1,
                File = ChainFileSink.FileName(c.Chain),
                Draws = c.CompletedDraws,
                StepSize = c.StepSize,
                WarmupSeconds = c.WarmupTime.TotalSeconds,
                SamplingSeconds = c.SamplingTime.TotalSeconds,
                GradientEvaluations = c.GradientEvaluations,
                WarmupLeapfrogSteps = c.WarmupLeapfrogSteps,
                SamplingLeapfrogSteps = c.SamplingLeapfrogSteps,
                Divergences = diagnostics.Chains[c.Chain].Divergences,
                MaxTreedepthHits = diagnostics.Chains[c.Chain].MaxTreedepthHits,
                Ebfmi = diagnostics.Chains[c.Chain].Ebfmi,
            }).ToArray(),
            GradientEvaluations = result.Chains.Sum(c => c.GradientEvaluations),
            Diagnostics = new FitDiagnosticsRecord
            {
                Divergences = diagnostics.Divergences,
                MaxTreedepthHits = diagnostics.MaxTreedepthHits,
                MinEbfmi = diagnostics.Chains.Count == 0 ? double.NaN : diagnostics.Chains.Min(c => c.Ebfmi),
                MaxRhat = diagnostics.MaxRhat,
                MinEssBulk = diagnostics.MinEssBulk,
                MinEssTail = diagnostics.MinEssTail,
                Warnings = diagnostics.Warnings,
            },
            Stages = stages.Records,
            Cancelled = result.Cancelled,
            Columns = map.Columns.Select(c => new FitColumnRecord(c.Column, c.Variable, c.Level, c.Coefficient, c.Indices)).ToArray(),
        };

        string text = FitSummaryText.Format(
            new FitSummaryText.Context(prepared.Family, prepared.Formula, prepared.DataFile, prepared.RowsUsed, prepared.RowsDropped,
                settings.Chains, settings.Warmup, settings.Draws,
                prepared.Priors.Select(p => (p.Parameter, p.Prior, p.IsDefault)).ToArray(), result.Cancelled),
            summary, diagnostics);
        var fit = new FitResult
        {
            Directory = directory.TemporaryPath,
            Draws = draws,
            Summary = summary,
            Diagnostics = diagnostics,
            Record = record,
            SummaryText = text,
            Stages = stages,
            Cancelled = result.Cancelled,
        };
        output.WriteExtras?.Invoke(fit, model);
        // fit.json is written last, so that it records the stages of the extras too.
        record = record with { Stages = stages.Records };
        FitJson.Write(directory.File("fit.json"), record);
        directory.Commit();
        return fit with { Directory = directory.FinalPath, Record = record };
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

    /// <summary>The reported quantities and lp__ of the draws (the columns of draws.csv).</summary>
    private static Draws Reported(Draws draws, int outputCount)
    {
        var names = draws.Variables.Take(outputCount).Append("lp__").ToArray();
        var result = new Draws(names, draws.ChainCount, draws.IterationCount);
        for (int v = 0; v < names.Length; v++)
        {
            int source = v < outputCount ? v : draws.IndexOf("lp__");
            for (int c = 0; c < draws.ChainCount; c++) draws.Chain(source, c).CopyTo(result.Chain(v, c));
        }
        return result;
    }
}
