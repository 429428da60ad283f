// One column of a data table: numeric (a double per row) or categorical (a level code per row).
namespace BayesGlmm.Modeling.Data;

/// <summary>
/// A column read from a data file. A numeric column holds <see cref="Numbers"/> (NaN = missing); a categorical
/// column holds <see cref="Levels"/> in R's order and <see cref="Codes"/> (-1 = missing). <see cref="Raw"/>
/// keeps the text of every cell (null = missing) for messages and level names.
/// </summary>
public sealed class DataColumn
{
    /// <summary>Creates a column; the arrays are kept, not copied.</summary>
    public DataColumn(string name, bool isCategorical, double[] numbers, IReadOnlyList<string> levels, int[] codes,
        string?[] raw, bool isDeclaredFactor = false)
    {
        if (numbers.Length != raw.Length || codes.Length != raw.Length)
            throw new ArgumentException("Numbers, codes and raw text must have one entry per row.");
        Name = name;
        IsCategorical = isCategorical;
        Numbers = numbers;
        Levels = levels;
        Codes = codes;
        Raw = raw;
        IsDeclaredFactor = isDeclaredFactor;
    }

    /// <summary>The column name from the header.</summary>
    public string Name { get; }

    /// <summary>Whether the column is categorical (a factor).</summary>
    public bool IsCategorical { get; }

    /// <summary>
    /// The value of each row as a number, NaN when missing. For a categorical column, the number a cell
    /// spells when it spells one (a quoted <c>"1"</c> is 1), NaN otherwise.
    /// </summary>
    public double[] Numbers { get; }

    /// <summary>The levels in R's order (categorical columns only; empty for numeric columns).</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The 0-based level of each row, -1 when missing (all -1 for a numeric column).</summary>
    public int[] Codes { get; }

    /// <summary>The text of each cell as read (quotes removed), null when missing (<c>NA</c> or empty).</summary>
    public string?[] Raw { get; }

    /// <summary>Whether the column was declared a factor by the caller (rather than found categorical in the file).</summary>
    public bool IsDeclaredFactor { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => Raw.Length;

    /// <summary>Whether row <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Raw[row] is null || (IsCategorical ? Codes[row] < 0 : double.IsNaN(Numbers[row]));

    /// <summary>Whether every level of a categorical column spells a number (a quoted numeric column).</summary>
    public bool LevelsAreNumbers => IsCategorical && Levels.Count > 0 && Levels.All(l => NumberText.TryParse(l, out _));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({(IsCategorical ? $"categorical, {Levels.Count} levels" : "numeric")})";
}
