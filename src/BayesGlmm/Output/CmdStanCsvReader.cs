// Reads CmdStan CSV files (CmdStan's own or this program's) and joins chains into Draws.
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Output;

/// <summary>
/// Reads the CSV layout CmdStan writes for <c>method = sample</c>: the comment header of <c>key = value</c>
/// lines, the header row, optional warmup rows (save_warmup), the adaptation block, the sampling rows and
/// the elapsed-time footer. Unreadable or inconsistent files throw <see cref="InputException"/> naming the
/// file and line.
/// </summary>
public static class CmdStanCsvReader
{
    /// <summary>Reads one file.</summary>
    public static CmdStanCsvFile Read(string path)
    {
        if (!File.Exists(path))
            throw new InputException($"{path}: file not found; give the path of a CmdStan CSV draws file.");
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        string[]? columns = null;
        var warmup = new List<double>();
        var rows = new List<double>();
        bool adaptationSeen = false;
        double stepSize = double.NaN;
        var metric = new List<double>();
        bool dense = false;
        int metricState = 0; // 0 none, 1 expecting metric lines, 2 done
        TimeSpan? warmupTime = null, samplingTime = null;
        int lineNumber = 0;
        bool truncated = false;
        bool endsWithNewline = EndsWithNewline(path);

        using var reader = new StreamReader(path);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (!endsWithNewline && reader.Peek() < 0 && line[0] != '#' && columns is not null)
            {
                // A last row without its line end was cut short by a run killed while writing it.
                truncated = true;
                break;
            }
            if (line[0] == '#')
            {
                string body = line[1..].Trim();
                if (columns is null)
                {
                    ParseConfig(body, config);
                    continue;
                }
                if (body.StartsWith("Adaptation terminated", StringComparison.Ordinal))
                {
                    adaptationSeen = true;
                }
                else if (body.StartsWith("Step size =", StringComparison.Ordinal))
                {
                    CsvNumber.TryParse(body.AsSpan("Step size =".Length), out stepSize);
                }
                else if (body.StartsWith("Diagonal elements of inverse mass matrix", StringComparison.Ordinal))
                {
                    metricState = 1;
                    dense = false;
                }
                else if (body.StartsWith("Elements of inverse mass matrix", StringComparison.Ordinal))
                {
                    metricState = 1;
                    dense = true;
                }
                else if (body.StartsWith("Elapsed Time:", StringComparison.Ordinal))
                {
                    warmupTime = ParseSeconds(body["Elapsed Time:".Length..]);
                    metricState = 2;
                }
                else if (body.EndsWith("(Sampling)", StringComparison.Ordinal))
                {
                    samplingTime = ParseSeconds(body);
                }
                else if (metricState == 1 && body.Length > 0 && TryParseNumbers(body, out var values))
                {
                    metric.AddRange(values);
                    if (!dense) metricState = 2;
                }
                else if (metricState == 1)
                {
                    metricState = 2;
                }
                continue;
            }
            if (columns is null)
            {
                columns = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
                continue;
            }
            if (metricState == 1) metricState = 2;
            var target = config.TryGetValue("save_warmup", out string? sw) && IsTrue(sw) && !adaptationSeen ? warmup : rows;
            ParseRow(path, lineNumber, line, columns.Length, target);
        }

        if (columns is null)
            throw new InputException($"{path}: no header row found; this is not a CmdStan CSV draws file.");
        if (!adaptationSeen && warmup.Count > 0)
        {
            // save_warmup without an adaptation block: the first num_warmup rows are warmup.
            rows.InsertRange(0, warmup);
            warmup.Clear();
            if (config.TryGetValue("num_warmup", out string? nw) && int.TryParse(nw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int numWarmup))
            {
                int thin = config.TryGetValue("thin", out string? th) && int.TryParse(th, NumberStyles.Integer, CultureInfo.InvariantCulture, out int t) && t > 0 ? t : 1;
                int count = Math.Min(rows.Count / columns.Length, (numWarmup + thin - 1) / thin) * columns.Length;
                warmup.AddRange(rows.GetRange(0, count));
                rows.RemoveRange(0, count);
            }
        }
        return new CmdStanCsvFile
        {
            Path = path,
            Configuration = config,
            Columns = columns,
            Warmup = warmup.ToArray(),
            Rows = rows.ToArray(),
            StepSize = stepSize,
            InverseMetric = metric.ToArray(),
            DenseMetric = dense,
            WarmupTime = warmupTime,
            SamplingTime = samplingTime,
            Truncated = truncated,
        };
    }

    private static bool EndsWithNewline(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0) return true;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    /// <summary>
    /// Joins chains of any lengths into <see cref="Draws"/> as long as the longest, chain c holding
    /// <paramref name="lengths"/>[c] draws (and zeros after them); names as in <see cref="ToDraws(IReadOnlyList{CmdStanCsvFile}, IReadOnlyDictionary{string, string}?)"/>.
    /// </summary>
    public static Draws ToDraws(IReadOnlyList<CmdStanCsvFile> files, IReadOnlyDictionary<string, string>? rename, out int[] lengths)
    {
        lengths = files.Select(f => f.RowCount).ToArray();
        return Join(files, rename, files.Count == 0 ? 0 : lengths.Max());
    }

    /// <summary>
    /// Joins chains into <see cref="Draws"/> with posterior's variable names (<c>theta.1.2</c> becomes
    /// <c>theta[1,2]</c>), or the names given by <paramref name="rename"/> (column → name) where it has one.
    /// Every file must have the same columns; chains of different lengths are cut to the shortest.
    /// </summary>
    public static Draws ToDraws(IReadOnlyList<CmdStanCsvFile> files, IReadOnlyDictionary<string, string>? rename = null) =>
        Join(files, rename, files.Count == 0 ? 0 : files.Min(f => f.RowCount));

    private static Draws Join(IReadOnlyList<CmdStanCsvFile> files, IReadOnlyDictionary<string, string>? rename, int iterations)
    {
        if (files.Count == 0) throw new InputException("No draws files given.");
        var first = files[0];
        foreach (var f in files.Skip(1))
        {
            if (!f.Columns.SequenceEqual(first.Columns))
                throw new InputException($"{f.Path}: its columns differ from those of {first.Path}; give the chains of one fit.");
        }
        var names = first.Columns
            .Select(c => rename is not null && rename.TryGetValue(c, out string? n) ? n : StanNameMap.ToBracketed(c))
            .ToArray();
        var draws = new Draws(names, files.Count, iterations);
        int k = first.Columns.Count;
        for (int c = 0; c < files.Count; c++)
        {
            double[] rows = files[c].Rows;
            for (int v = 0; v < k; v++)
            {
                var target = draws.Chain(v, c);
                int n = Math.Min(iterations, files[c].RowCount);
                for (int r = 0; r < n; r++) target[r] = rows[r * k + v];
            }
        }
        return draws;
    }

    private static void ParseConfig(string body, Dictionary<string, string> config)
    {
        int eq = body.IndexOf('=');
        if (eq <= 0) return;
        string key = body[..eq].Trim();
        string value = body[(eq + 1)..].Trim();
        if (value.EndsWith("(Default)", StringComparison.Ordinal)) value = value[..^"(Default)".Length].Trim();
        if (key.Length > 0 && !key.Contains(' ')) config.TryAdd(key, value);
    }

    private static bool IsTrue(string value) => value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? ParseSeconds(string text)
    {
        string[] parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && CsvNumber.TryParse(parts[0], out double s) && double.IsFinite(s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : null;
    }

    private static bool TryParseNumbers(string body, out List<double> values)
    {
        values = [];
        foreach (string part in body.Split(','))
        {
            if (!CsvNumber.TryParse(part, out double v)) return false;
            values.Add(v);
        }
        return values.Count > 0;
    }

    private static void ParseRow(string path, int lineNumber, string line, int width, List<double> target)
    {
        int start = 0, count = 0;
        ReadOnlySpan<char> span = line;
        while (true)
        {
            int comma = span[start..].IndexOf(',');
            var cell = comma < 0 ? span[start..] : span.Slice(start, comma);
            if (!CsvNumber.TryParse(cell, out double v))
                throw new InputException($"{path}, line {lineNumber}, column {count + 1}: '{cell.ToString()}' is not a number; the file may be cut short or not a CmdStan draws file.");
            target.Add(v);
            count++;
            if (comma < 0) break;
            start += comma + 1;
        }
        if (count != width)
        {
            target.RemoveRange(target.Count - count, count);
            throw new InputException($"{path}, line {lineNumber}: {count} values where the header has {width} columns; the file may be cut short.");
        }
    }
}
