// Summarises CmdStan CSV draws files (this program's chain files, a killed run's leftovers, or CmdStan's own output).
using System.Globalization;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Fitting;

/// <summary>
/// The summary of a set of chain files, as <c>bayesglmm summarize</c> prints it: every file read (a last row cut
/// short by a killed run is left out), brms names from a fit.json beside the files, the summary and diagnostics on
/// the largest equal-length block of chains (<see cref="EqualLengthChains.Largest"/>), and notes for the reader: that
/// the files are a run that did not finish, and where the hidden leftovers of killed runs to the same output are.
/// </summary>
public sealed record DrawsFileSummary
{
    /// <summary>The files read, in order.</summary>
    public required IReadOnlyList<CmdStanCsvFile> Files { get; init; }

    /// <summary>The draws of each file.</summary>
    public required IReadOnlyList<int> Lengths { get; init; }

    /// <summary>The 0-based files the summary uses, and how many of their first draws.</summary>
    public required IReadOnlyList<int> SummaryFiles { get; init; }

    /// <summary>The draws per file the summary uses.</summary>
    public int SummaryDrawsPerFile { get; init; }

    /// <summary>The draws the summary uses.</summary>
    public required Draws Draws { get; init; }

    /// <summary>One row per variable and <c>lp__</c>.</summary>
    public required IReadOnlyList<SummaryRow> Rows { get; init; }

    /// <summary>Sampler diagnostics and warnings.</summary>
    public required FitDiagnostics Diagnostics { get; init; }

    /// <summary>The maximum tree depth the files record (10 when they do not).</summary>
    public int MaxTreeDepth { get; init; }

    /// <summary>What the reader should know about the files besides the numbers.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Reads <paramref name="paths"/>: chain files, or directories whose <c>chain-*.csv</c> files are read (a fit's
    /// output directory, or a hidden <c>.NAME.partial-*</c> directory that a killed run left).
    /// </summary>
    /// <exception cref="InputException">A path is missing, holds no chain file, or the files are not of one fit.</exception>
    public static DrawsFileSummary Read(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var chains = Directory.GetFiles(path, "chain-*.csv").OrderBy(ChainNumber).ToArray();
                if (chains.Length == 0) throw new InputException($"{path}: the directory holds no chain files (chain-1.csv, ...); give a fit's output directory or its chain files.");
                files.AddRange(chains);
            }
            else
            {
                files.Add(path);
            }
        }
        var read = files.Select(CmdStanCsvReader.Read).ToArray();
        string directory = Path.GetDirectoryName(Path.GetFullPath(files[0])) ?? ".";
        string fitJson = Path.Combine(directory, "fit.json");
        IReadOnlyDictionary<string, string>? rename = File.Exists(fitJson) ? FitJson.ColumnNames(FitJson.Read(fitJson)) : null;
        var all = CmdStanCsvReader.ToDraws(read, rename, out int[] lengths);
        int maxDepth = read[0].Configuration.TryGetValue("max_depth", out string? md) && int.TryParse(md, CultureInfo.InvariantCulture, out int d) ? d : 10;
        double delta = read[0].Configuration.TryGetValue("delta", out string? dl) && CsvNumber.TryParse(dl, out double x) ? x : 0.8;
        var block = SummaryBlock.Of(all, lengths, maxDepth, delta) ?? throw new InputException($"{string.Join(", ", files)}: no draws to summarise yet.");
        int[] summaryFiles = block.Chains.Select(c => c - 1).ToArray();
        return new DrawsFileSummary
        {
            Files = read,
            Lengths = lengths,
            SummaryFiles = summaryFiles,
            SummaryDrawsPerFile = block.Length,
            Draws = block.Draws,
            Rows = block.Summary,
            Diagnostics = block.Diagnostics,
            MaxTreeDepth = maxDepth,
            Notes = NotesOn(read, lengths, summaryFiles, block.Length, directory),
        };
    }

    private static List<string> NotesOn(CmdStanCsvFile[] files, int[] lengths, int[] block, int length, string directory)
    {
        var c = CultureInfo.InvariantCulture;
        var notes = new List<string>();
        if (PartialOutputs.IsPartial(directory))
        {
            notes.Add($"{directory} is the hidden directory of a fit to {PartialOutputs.OutputOf(directory)} that did not finish: " +
                      "its chain files hold every draw written before the run stopped (their adapted metric and timing are missing).");
        }
        foreach (var f in files.Where(f => f.Truncated))
            notes.Add($"{f.Path}: its last row was cut short when the run stopped and is left out.");
        if (block.Length < files.Length || lengths.Any(l => l != length))
        {
            notes.Add("The chains have different lengths (" + string.Join(", ", files.Select((f, i) => $"{Path.GetFileName(f.Path)} {lengths[i].ToString(c)}")) +
                      $"); the summary uses the first {length.ToString(c)} draws of " +
                      string.Join(", ", block.Select(i => Path.GetFileName(files[i].Path))) + " (R-hat and ESS compare chains of one length).");
        }
        string output = PartialOutputs.IsPartial(directory) ? PartialOutputs.OutputOf(directory) : directory;
        foreach (var partial in PartialOutputs.Find(output).Where(p => Path.GetFullPath(p.Path) != Path.GetFullPath(directory)))
            notes.Add(partial.Describe(output));
        return notes;
    }

    private static int ChainNumber(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return int.TryParse(name.AsSpan(name.IndexOf('-') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : int.MaxValue;
    }
}
