// Reads a fit's output directory back (fit.json, chain files) into a FitResult whose model is rebuilt from its data file.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Fitting;

/// <summary>
/// A saved fit as a <see cref="FitResult"/>: fit.json, every chain file it lists, the summary and diagnostics
/// computed again from the draws (the summary on the largest equal-length block of chains, as the fit did), and the
/// model rebuilt on first use from the recorded formula, family, priors and data file (a relative data path, such
/// as the <c>data.csv</c> saved with data given in memory, is taken from the directory).
/// </summary>
public static class FitDirectory
{
    /// <summary>The fit in <paramref name="directory"/>.</summary>
    /// <exception cref="InputException">The directory holds no fit or its files cannot be read.</exception>
    public static FitResult Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string fitJson = Path.Combine(directory, "fit.json");
        if (!File.Exists(fitJson))
            throw new InputException($"{directory}: not a fit's output directory (no fit.json); give the directory that a fit wrote.");
        var record = FitJson.Read(fitJson);
        if (!Path.IsPathRooted(record.Data.File) && record.Data.File.Length > 0)
            record = record with { Data = record.Data with { File = Path.GetFullPath(Path.Combine(directory, record.Data.File)) } };
        var withFiles = record.Chains.Where(c => c.File.Length > 0).ToArray();
        var files = withFiles.Select(c => CmdStanCsvReader.Read(Path.Combine(directory, c.File))).ToArray();
        var all = CmdStanCsvReader.ToDraws(files, FitJson.ColumnNames(record), out int[] lengths);
        // The layout of a fit in memory: the reported quantities in output order, then the sampler columns.
        var variables = record.Columns.OrderBy(c => OutputIndex(record, c)).Select(c => c.Variable).Concat(StanNameMap.SamplerColumns).ToArray();
        var allChains = new Draws(variables, record.Chains.Count, all.IterationCount);
        var chainLengths = new int[record.Chains.Count];
        for (int j = 0; j < withFiles.Length; j++)
        {
            int c = withFiles[j].Chain - 1;
            chainLengths[c] = lengths[j];
            for (int v = 0; v < variables.Length; v++)
            {
                int source = all.IndexOf(variables[v]);
                if (source < 0) throw new InputException($"{Path.Combine(directory, withFiles[j].File)}: no column holds {variables[v]}; the file does not belong to this fit.json.");
                all.Chain(source, j).CopyTo(allChains.Chain(v, c));
            }
        }
        record = record with { Chains = record.Chains.Select((c, i) => c with { Draws = chainLengths[i] }).ToArray() };
        var block = SummaryBlock.Of(allChains, chainLengths, record.Settings.MaxTreedepth, record.Settings.AdaptDelta)
                    ?? throw new InputException($"{directory}: the chain files hold no draws.");
        var metrics = new double[record.Chains.Count][];
        for (int c = 0; c < metrics.Length; c++) metrics[c] = [];
        for (int j = 0; j < withFiles.Length; j++) metrics[withFiles[j].Chain - 1] = files[j].InverseMetric;
        return new FitResult(() => TryRebuild(record))
        {
            Record = record with { SummaryChains = block.Chains, SummaryDrawsPerChain = block.Length },
            Settings = record.Settings.ToSamplerOptions(record.Seed),
            Draws = block.Draws,
            AllDraws = allChains,
            Summary = block.Summary,
            Diagnostics = block.Diagnostics,
            InverseMetrics = metrics,
            Directory = directory,
        };
    }

    /// <summary>The position of a column's quantity among the model's reported quantities (fit.json lists columns in file order).</summary>
    private static int OutputIndex(FitRecord record, FitColumnRecord column) => column.OutputIndex ?? IndexOf(record.Columns, column);

    private static int IndexOf(IReadOnlyList<FitColumnRecord> columns, FitColumnRecord column)
    {
        for (int i = 0; i < columns.Count; i++) if (ReferenceEquals(columns[i], column)) return i;
        return -1;
    }

    /// <summary>The fitted model rebuilt from its record and data file, or null when the data file is gone.</summary>
    public static IStatisticalModel? TryRebuildModel(FitRecord record) => TryRebuild(record)?.Model;

    /// <summary>The fitted model with its data rebuilt from its record and data file, or null when the data file is gone.</summary>
    public static PreparedModel? TryRebuild(FitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!File.Exists(record.Data.File)) return null;
        var prepared = ModelComposition.Prepare(Spec(record));
        // The centring chosen again must be the one the draws were made in: their outputs follow its order.
        if (record.Model.CentredPairs is { } recorded && prepared.Model is GlmmModel glmm && !recorded.SequenceEqual(glmm.CentredPairs))
            throw new InputException(
                $"fit.json records the nested pairs sampled centred as [{string.Join("; ", recorded)}], but the model rebuilt from {record.Data.File} " +
                $"centres [{string.Join("; ", glmm.CentredPairs)}]: the data file has changed since the fit, or a different version made it. Refit the model.");
        return prepared;
    }

    /// <summary>The model description a fit was made from, with the prior statements that rebuild its priors (<see cref="PriorStatements"/>).</summary>
    public static ModelSpec Spec(FitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var model = record.Model;
        return new ModelSpec(model.Name, record.Data.File, model.Formula, model.Family, PriorStatements(record), model.Factors)
        {
            JointConjugateEffects = model.JointConjugateEffects,
            Effects = EffectsRoutes.Parse(model.Effects, "fit.json \"effects\""),
            Centring = Centrings.Parse(model.Centring, "fit.json \"centring\""),
            QuadratureNodes = model.QuadratureNodes ?? new Modeling.GlmmOptions().QuadratureNodes,
            PriorOnly = model.PriorOnly,
            Center = model.Center,
        };
    }

    /// <summary>
    /// The prior statements of a fit: as given, when fit.json records them; otherwise (files of earlier versions) ones
    /// that rebuild the priors it recorded as given. An ordinal model records its cutpoints' prior once per cutpoint
    /// (<c>b_Intercept[k]</c>, or <c>Intercept[k]</c> when centred), which no statement names: it came from the class
    /// statement <c>Intercept ~ ...</c>, which is what rebuilds it.
    /// </summary>
    public static string[] PriorStatements(FitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Model.PriorStatements.Count > 0) return [.. record.Model.PriorStatements];
        var given = record.Model.Priors.Where(p => !p.IsDefault).ToArray();
        static bool IsCutpoint(string parameter) =>
            parameter.EndsWith(']') && (parameter.StartsWith("b_Intercept[", StringComparison.Ordinal) && int.TryParse(parameter[12..^1], out _)
                                        || parameter.StartsWith("Intercept[", StringComparison.Ordinal) && int.TryParse(parameter[10..^1], out _));
        var cutpoints = given.Where(p => IsCutpoint(p.Parameter)).Select(p => p.Prior).Distinct().ToArray();
        var statements = given.Where(p => !IsCutpoint(p.Parameter)).Select(p => $"{p.Parameter} ~ {p.Prior}").ToList();
        if (cutpoints.Length == 1) statements.Add($"Intercept ~ {cutpoints[0]}");
        else statements.AddRange(given.Where(p => IsCutpoint(p.Parameter)).Select(p => $"{p.Parameter} ~ {p.Prior}"));
        return [.. statements];
    }
}
