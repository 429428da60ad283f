// Reads a draws × observations log-likelihood matrix from a CSV file, with an optional chain column.
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Comparison;

/// <summary>A log-likelihood matrix read from a file, with the observation names of its header.</summary>
/// <param name="Matrix">The draws × observations matrix, draws ordered chain after chain.</param>
/// <param name="ObservationNames">The header name of each observation column.</param>
/// <param name="HasChains">Whether the file named the chain of each draw.</param>
public sealed record LogLikelihoodFile(LogLikelihoodMatrix Matrix, IReadOnlyList<string> ObservationNames, bool HasChains);

/// <summary>
/// Reads a CSV file with a header row and one row per posterior draw, one column per observation
/// (as R's <c>write.csv(log_lik)</c> writes it). A leading <c>.chain</c> or <c>chain</c> column gives
/// each draw's chain (positive integers, equal numbers of draws per chain; rows are regrouped chain
/// after chain); <c>.iteration</c> and <c>.draw</c> columns after it are ignored, and so is a leading
/// column with an empty name (the row names R's <c>write.csv</c> adds). Every other cell must
/// be a finite number. Errors are <see cref="InputException"/>s naming the file, the data row (1 is the
/// first row below the header) and the column.
/// </summary>
public static class LogLikelihoodCsv
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The file is missing, empty, ragged, or holds a non-numeric or non-finite cell.</exception>
    public static LogLikelihoodFile Read(string path)
    {
        if (!File.Exists(path))
            throw new InputException($"Log-likelihood file '{path}' does not exist; give a CSV file with one row per draw and one column per observation.");
        using var reader = OpenOrThrow(path);

        string? headerLine = reader.ReadLine();
        int lineNumber = 1;
        while (headerLine is not null && headerLine.Trim().Length == 0)
        {
            headerLine = reader.ReadLine();
            lineNumber++;
        }
        if (headerLine is null)
            throw new InputException($"Log-likelihood file '{path}' is empty; it needs a header row and one row per draw.");
        var header = SplitCells(headerLine, path, 0);

        // R's write.csv adds a leading column of row names with an empty header: skip it.
        int first = header.Count > 1 && header[0].Length == 0 ? 1 : 0;
        bool hasChains = false;
        if (header.Count > first && (header[first] == ".chain" || header[first] == "chain"))
        {
            hasChains = true;
            first++;
            while (first < header.Count && (header[first] == ".iteration" || header[first] == ".draw")) first++;
        }
        int observations = header.Count - first;
        if (observations < 1)
            throw new InputException($"Log-likelihood file '{path}' has no observation columns in its header.");
        var names = header.Skip(first).ToArray();

        var values = new List<double>();
        var chainOfRow = new List<int>();
        int row = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            row++;
            var cells = SplitCells(line, path, row);
            if (cells.Count != header.Count)
                throw new InputException(
                    $"Log-likelihood file '{path}', row {row} (line {lineNumber}): {cells.Count} cells, but the header has {header.Count} columns.");
            if (hasChains)
            {
                int chainColumn = header[0].Length == 0 ? 1 : 0;
                if (!int.TryParse(cells[chainColumn].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int chain) || chain < 1)
                    throw new InputException(
                        $"Log-likelihood file '{path}', row {row}, column '{header[chainColumn]}': '{cells[chainColumn]}' is not a chain number (1, 2, ...).");
                chainOfRow.Add(chain);
            }
            for (int c = first; c < cells.Count; c++) values.Add(ParseCell(cells[c], path, row, header[c]));
        }
        if (row == 0)
            throw new InputException($"Log-likelihood file '{path}' has a header but no draws.");

        if (!hasChains)
            return new LogLikelihoodFile(new LogLikelihoodMatrix(values.ToArray(), row, observations), names, false);
        return new LogLikelihoodFile(GroupByChain(values, chainOfRow, observations, path), names, true);
    }

    private static StreamReader OpenOrThrow(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"Cannot read log-likelihood file '{path}': {e.Message}", e);
        }
    }

    private static LogLikelihoodMatrix GroupByChain(List<double> values, List<int> chainOfRow, int observations, string path)
    {
        var chains = chainOfRow.Distinct().Order().ToArray();
        var rowsByChain = chains.ToDictionary(c => c, _ => new List<int>());
        for (int r = 0; r < chainOfRow.Count; r++) rowsByChain[chainOfRow[r]].Add(r);
        int perChain = rowsByChain[chains[0]].Count;
        if (chains.Any(c => rowsByChain[c].Count != perChain))
        {
            string counts = string.Join(", ", chains.Select(c => $"chain {c}: {rowsByChain[c].Count}"));
            throw new InputException($"Log-likelihood file '{path}': the chains have different numbers of draws ({counts}); r_eff needs equal chains.");
        }
        var ordered = new double[values.Count];
        int target = 0;
        foreach (int c in chains)
        {
            foreach (int r in rowsByChain[c])
            {
                for (int i = 0; i < observations; i++) ordered[target * observations + i] = values[r * observations + i];
                target++;
            }
        }
        return new LogLikelihoodMatrix(ordered, chainOfRow.Count, observations, chains.Length);
    }

    private static double ParseCell(string cell, string path, int row, string column)
    {
        string text = cell.Trim();
        string where = $"Log-likelihood file '{path}', row {row}, column '{column}'";
        if (text.Length == 0 || text == "NA")
            throw new InputException($"{where}: the value is missing; every draw needs a finite log-likelihood for every observation.");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (text is "Inf" or "-Inf" or "+Inf")
                throw new InputException($"{where}: {text} is not a finite log-likelihood; LOO needs finite values (a zero-probability draw cannot be used).");
            throw new InputException($"{where}: '{text}' is not a number.");
        }
        if (!double.IsFinite(value))
            throw new InputException($"{where}: {text} is not a finite log-likelihood; LOO needs finite values.");
        return value;
    }

    /// <summary>The cells of one line; an unclosed quote is bad input naming the file and row.</summary>
    private static List<string> SplitCells(string line, string path, int row)
    {
        var cells = CsvFields.Split(line, out bool unclosedQuote);
        if (unclosedQuote)
            throw new InputException(row == 0
                ? $"Log-likelihood file '{path}': the header has an unclosed quote."
                : $"Log-likelihood file '{path}', row {row}: an unclosed quote.");
        return cells;
    }
}
