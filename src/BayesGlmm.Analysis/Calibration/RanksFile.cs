// ranks.csv: one row per simulation and quantity, appended a simulation at a time and read back after a crash.
using System.Globalization;
using System.Text;

using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// The study's <c>ranks.csv</c>: <c>sim,variable,rank,max_rank</c> and the fit's diagnostics
/// (<c>seed,max_rhat,min_ess_bulk,min_ess_tail,divergences,run_time_s,sampler_problem,error</c>).
/// Each simulation's rows go to disk in one write followed by a flush to the device, so a killed process
/// leaves at most one torn simulation at the end, which <see cref="Read"/> drops.
/// </summary>
public static class RanksFile
{
    /// <summary>The file name inside a study directory.</summary>
    public const string FileName = "ranks.csv";

    /// <summary>The header line.</summary>
    public const string Header = "sim,variable,rank,max_rank,seed,max_rhat,min_ess_bulk,min_ess_tail,divergences,run_time_s,sampler_problem,error";

    /// <summary>The rows of one simulation, each ending in a newline.</summary>
    public static string Format(SbcSimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        foreach (var r in result.Ranks)
        {
            sb.Append(result.Simulation.ToString(c)).Append(',')
              .Append(Quote(r.Variable)).Append(',')
              .Append(r.Rank is int rank ? rank.ToString(c) : "NA").Append(',')
              .Append(r.MaxRank.ToString(c)).Append(',')
              .Append(result.Seed.ToString(c)).Append(',')
              .Append(Number(result.MaxRhat)).Append(',')
              .Append(Number(result.MinEssBulk)).Append(',')
              .Append(Number(result.MinEssTail)).Append(',')
              .Append(result.Divergences.ToString(c)).Append(',')
              .Append(result.RunTime.TotalSeconds.ToString("0.###", c)).Append(',')
              .Append(result.HasProblems ? "TRUE" : "FALSE").Append(',')
              .Append(result.Error is null ? "" : Quote(result.Error))
              .Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Reads every complete simulation in <paramref name="path"/>: rows of a torn last line are dropped,
    /// and so is a simulation with fewer than <paramref name="variableCount"/> rows (when given).
    /// Simulations come back ordered by k.
    /// </summary>
    public static IReadOnlyList<SbcSimulationResult> Read(string path, int? variableCount = null)
    {
        string text = File.ReadAllText(path);
        int end = text.LastIndexOf('\n');
        var rowsBySim = new SortedDictionary<int, List<string[]>>();
        if (end >= 0)
        {
            string[] lines = text[..end].Split('\n');
            if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
                throw new InvalidDataException($"{path} is not an SBC ranks file (its header is not '{Header}').");
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0) continue;
                string[] f = [.. CsvFields.Split(line, out _)];
                if (f.Length != 12) throw new InvalidDataException($"{path}, line {i + 1}: expected 12 fields, found {f.Length}.");
                int sim = int.Parse(f[0], CultureInfo.InvariantCulture);
                if (!rowsBySim.TryGetValue(sim, out var rows)) rowsBySim[sim] = rows = [];
                rows.Add(f);
            }
        }
        var results = new List<SbcSimulationResult>();
        foreach (var (sim, rows) in rowsBySim)
        {
            if (variableCount is int count && rows.Count != count) continue;
            var c = CultureInfo.InvariantCulture;
            string[] first = rows[0];
            var ranks = rows.Select(f => new SimulationRank(
                f[1], f[2] == "NA" ? null : int.Parse(f[2], c), int.Parse(f[3], c))).ToArray();
            results.Add(new SbcSimulationResult(
                sim,
                ulong.Parse(first[4], c),
                ranks,
                ParseNumber(first[5]),
                ParseNumber(first[6]),
                ParseNumber(first[7]),
                int.Parse(first[8], c),
                TimeSpan.FromSeconds(double.Parse(first[9], c)),
                first[10] == "TRUE",
                first[11].Length == 0 ? null : first[11]));
        }
        return results;
    }

    /// <summary>Writes a whole ranks file (sorted by k) atomically: to a temporary file, then renamed.</summary>
    public static void WriteAll(string path, IEnumerable<SbcSimulationResult> results)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(Header);
            writer.Write('\n');
            foreach (var r in results.OrderBy(r => r.Simulation)) writer.Write(Format(r));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static string Number(double value) =>
        double.IsNaN(value) ? "NA" : double.IsPositiveInfinity(value) ? "Inf" : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseNumber(string text) => text switch
    {
        "NA" => double.NaN,
        "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static string Quote(string value) =>
        "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ') + "\"";
}
