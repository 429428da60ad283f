// Builds a data table from columns in memory (arrays of numbers and of strings), by the same rules as a CSV file.
using System.Globalization;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Data;

/// <summary>
/// A <see cref="DataTable"/> from in-memory columns, for a program that has its data in arrays:
/// <code>
/// var table = new TableBuilder()
///     .Numbers("y", y)          // double[]: NaN is missing
///     .Strings("g", groups)     // string?[]: categorical, null is missing
///     .Build();
/// </code>
/// A column of strings is categorical, with its levels in R's order (<see cref="LevelOrder"/>: numerically when
/// every level spells a number, else as R sorts them; the first level is the reference). A column of numbers is
/// numeric unless given with <see cref="Factor(string, IReadOnlyList{double})"/>. The result is the table a CSV file
/// with the same cells gives (<see cref="DataTable.ReadCsv"/>), with strings taken as quoted.
/// </summary>
public sealed class TableBuilder
{
    private readonly List<DataColumn> _columns = [];

    /// <summary>Adds a numeric column; NaN marks a missing value.</summary>
    /// <exception cref="InputException">The name is empty or taken, or the length differs from the other columns'.</exception>
    public TableBuilder Numbers(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check(name, values.Count);
        var numbers = values.ToArray();
        var raw = numbers.Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var codes = new int[numbers.Length];
        Array.Fill(codes, -1);
        _columns.Add(new DataColumn(name, false, numbers, [], codes, raw));
        return this;
    }

    /// <summary>Adds a numeric column of whole numbers.</summary>
    public TableBuilder Numbers(string name, IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Numbers(name, values.Select(v => (double)v).ToArray());
    }

    /// <summary>Adds a categorical column; null (or an empty string) marks a missing value.</summary>
    public TableBuilder Strings(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check(name, values.Count);
        var raw = values.Select(v => string.IsNullOrEmpty(v) ? null : v).ToArray();
        _columns.Add(Categorical(name, raw, declared: false));
        return this;
    }

    /// <summary>Adds a numeric column to be treated as categorical (a factor such as a numeric group code); NaN is missing.</summary>
    public TableBuilder Factor(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check(name, values.Count);
        var raw = values.Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        _columns.Add(Categorical(name, raw, declared: true));
        return this;
    }

    /// <summary>The table; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="InputException">No column was added.</exception>
    public DataTable Build(string name = "")
    {
        if (_columns.Count == 0) throw new InputException("The table has no columns; add at least the response and the predictors.");
        return new DataTable(_columns.ToArray(), name);
    }

    private static DataColumn Categorical(string name, string?[] raw, bool declared)
    {
        var numbers = new double[raw.Length];
        for (int i = 0; i < raw.Length; i++)
            if (raw[i] is null || !NumberText.TryParse(raw[i]!, out numbers[i])) numbers[i] = double.NaN;
        var levels = LevelOrder.Sort(raw.Where(r => r is not null)!);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < levels.Count; k++) index[levels[k]] = k;
        var codes = new int[raw.Length];
        for (int i = 0; i < raw.Length; i++) codes[i] = raw[i] is { } r ? index[r] : -1;
        return new DataColumn(name, true, numbers, levels, codes, raw, declared);
    }

    private void Check(string name, int count)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InputException("A column needs a name.");
        if (_columns.Any(c => c.Name == name)) throw new InputException($"Column '{name}' is added twice; give each column its own name.");
        if (_columns.Count > 0 && count != _columns[0].RowCount)
            throw new InputException($"Column '{name}' has {count} values, but column '{_columns[0].Name}' has {_columns[0].RowCount}; every column needs one value per row.");
        if (count == 0) throw new InputException($"Column '{name}' has no values; the table needs at least one row.");
    }
}
