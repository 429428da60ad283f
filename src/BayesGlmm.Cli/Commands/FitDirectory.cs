// Reads a fit's output directory back (fit.json, chain files) and rebuilds its model from the recorded data file.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Cli.Commands;

/// <summary>Reads a fit's output directory back: fit.json, the chain files, the summary and diagnostics.</summary>
internal static class FitDirectory
{
    /// <summary>The fit in <paramref name="directory"/>; a missing or unreadable directory is an InputException.</summary>
    public static FitResult Load(string directory)
    {
        string fitJson = Path.Combine(directory, "fit.json");
        if (!File.Exists(fitJson))
            throw new InputException($"{directory}: not a fit's output directory (no fit.json); give the directory that bayesglmm fit wrote.");
        var record = FitJson.Read(fitJson);
        var files = record.Chains.Select(c => CmdStanCsvReader.Read(Path.Combine(directory, c.File))).ToArray();
        var draws = CmdStanCsvReader.ToDraws(files, FitJson.ColumnNames(record));
        var summary = PosteriorSummary.Compute(draws);
        var diagnostics = FitDiagnostics.Compute(draws, summary, record.Settings.MaxTreedepth, record.Settings.AdaptDelta);
        return new FitResult
        {
            Directory = directory,
            Draws = draws,
            Summary = summary,
            Diagnostics = diagnostics,
            Record = record,
            SummaryText = "",
            Cancelled = record.Cancelled,
        };
    }

    /// <summary>The fitted model rebuilt from its record and data file, or null when the data file is gone.</summary>
    public static IStatisticalModel? TryRebuildModel(FitRecord record)
    {
        if (!File.Exists(record.Data.File)) return null;
        var priors = PriorStatements(record.Model.Priors.Where(p => !p.IsDefault).ToArray());
        var spec = new ModelSpec(record.Model.Name, record.Data.File, record.Model.Formula, record.Model.Family, priors, record.Model.Factors)
        {
            JointConjugateEffects = record.Model.JointConjugateEffects,
            Center = record.Model.Center,
        };
        return ModelComposition.Prepare(spec).Model;
    }

    /// <summary>
    /// Prior statements that rebuild the recorded priors. An ordinal model records its cutpoints' prior once per
    /// cutpoint (<c>b_Intercept[k]</c>, or <c>Intercept[k]</c> when centred), which no statement names: it came from the
    /// class statement <c>Intercept ~ ...</c>, which is what rebuilds it.
    /// </summary>
    private static string[] PriorStatements(IReadOnlyList<FitPriorRecord> given)
    {
        static bool IsCutpoint(string parameter) =>
            parameter.EndsWith(']') && (parameter.StartsWith("b_Intercept[", StringComparison.Ordinal) && int.TryParse(parameter[12..^1], out _)
                                        || parameter.StartsWith("Intercept[", StringComparison.Ordinal) && int.TryParse(parameter[10..^1], out _));
        var cutpoints = given.Where(p => IsCutpoint(p.Parameter)).Select(p => p.Prior).Distinct().ToArray();
        var statements = given.Where(p => !IsCutpoint(p.Parameter)).Select(p => $"{p.Parameter} ~ {p.Prior}").ToList();
        if (cutpoints.Length == 1) statements.Add($"Intercept ~ {cutpoints[0]}");
        else statements.AddRange(given.Where(p => IsCutpoint(p.Parameter)).Select(p => $"{p.Parameter} ~ {p.Prior}"));
        return [.. statements];
    }

    /// <summary>The fitted model rebuilt from its record; an InputException when its data file is gone.</summary>
    public static IStatisticalModel RebuildModel(FitResult fit) =>
        TryRebuildModel(fit.Record)
        ?? throw new InputException($"{fit.Directory}: the fit's data file '{fit.Record.Data.File}' no longer exists; the model cannot be rebuilt without it.");
}
