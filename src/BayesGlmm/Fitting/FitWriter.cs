// Writes a fit as its output directory: chain files, summary.csv, draws.csv, fit.json (and data.csv for data given in memory).
using BayesGlmm.Data;
using BayesGlmm.Output;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The output directory of a fit (README, Output files): one CmdStan CSV file per chain that made draws
/// (<c>chain-1.csv</c>, ...), <c>summary.csv</c>, <c>draws.csv</c> with every draw made, <c>fit.json</c>, and
/// <c>data.csv</c> when the data was given in memory (so that the saved fit can be read back with its model).
/// The directory is built in a hidden sibling and renamed into place when complete (<see cref="OutputDirectory"/>);
/// plots and the report are added by <see cref="FitOutputOptions.WriteExtras"/> before that.
/// </summary>
public static class FitWriter
{
    /// <summary>The name of the data file written beside a fit of data given in memory.</summary>
    public const string DataFileName = "data.csv";

    /// <summary>Writes <paramref name="fit"/> (a fit in memory) as the directory <see cref="FitOutputOptions.Directory"/>.</summary>
    /// <returns>The fit, with <see cref="FitResult.Directory"/> set and its record as written.</returns>
    /// <exception cref="Modeling.InputException">The directory exists and may not be replaced, or its disk is too small.</exception>
    public static FitResult Write(FitResult fit, FitOutputOptions output)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(output);
        OutputDirectory.CheckAvailable(output.Directory, output.Force);
        new RunSize(fit.Record.Chains.Count, fit.Settings.Draws, 0, fit.Record.Columns.Count).CheckDisk(output.Directory);
        using var directory = OutputDirectory.Begin(output.Directory, output.Force);
        ChainFiles.Write(fit, directory.TemporaryPath, RunInfo(fit.Record.Model.Name, DataFileOf(fit), fit.Settings, fit.Record.Timing.Start));
        fit = WriteInto(fit, directory, null, output.WriteExtras);
        directory.Commit();
        return fit with { Directory = directory.FinalPath };
    }

    /// <summary>What the chain files' headers record about a run.</summary>
    public static CmdStanRunInfo RunInfo(string modelName, string dataFile, SamplerOptions options, DateTimeOffset start) => new()
    {
        ModelName = modelName,
        Sampler = options,
        DataFile = dataFile.Length == 0 ? DataFileName : dataFile,
        Start = start,
        Producer = "bayesglmm " + ProgramVersion.Current,
    };

    /// <summary>
    /// Completes the chain files (streamed by <paramref name="streamed"/>, or already written), then writes
    /// data.csv, summary.csv and draws.csv into <paramref name="directory"/> (the stage <c>draws_files</c> of
    /// <see cref="FitResult.Stages"/>), runs <paramref name="extras"/>, and writes fit.json last, so that it lists
    /// the extras' stages too.
    /// </summary>
    internal static FitResult WriteInto(FitResult fit, OutputDirectory directory, ChainFiles? streamed, Action<FitResult>? extras)
    {
        var record = fit.Stages.Measure(FitStages.Names.DrawsFiles, () =>
        {
            streamed?.Complete(fit);
            var record = fit.Record;
            if (fit.DataInMemory)
            {
                string data = directory.File(DataFileName);
                DataCsvWriter.Write(data, fit.Data);
                record = record with { Data = record.Data with { File = DataFileName, Sha256 = FitService.Sha256(data) } };
            }
            SummaryCsvWriter.Write(directory.File("summary.csv"), fit.Summary);
            int k = record.Columns.Count;
            var reported = Enumerable.Range(0, k).Append(fit.AllDraws.IndexOf("lp__")).ToArray();
            DrawsCsvWriter.Write(directory.File("draws.csv"), fit.AllDraws, reported, record.Chains.Select(c => c.Draws).ToArray());
            return record;
        });
        fit = fit with { Record = record, Directory = directory.TemporaryPath };
        extras?.Invoke(fit);
        record = record with { Stages = Stages(record.Stages, fit.Stages.Records) };
        FitJson.Write(directory.File("fit.json"), record);
        return fit with { Record = record };
    }

    /// <summary>
    /// The stages fit.json lists: those measured in this process, after any stage of the fit's record they do not
    /// measure again (a fit read from its directory keeps the sampling's stages when written anew).
    /// </summary>
    private static FitStageRecord[] Stages(IReadOnlyList<FitStageRecord> recorded, IReadOnlyList<FitStageRecord> measured) =>
        [.. recorded.Where(r => !measured.Any(m => m.Stage == r.Stage)), .. measured];

    private static string DataFileOf(FitResult fit) => fit.Record.Data.File;
}
