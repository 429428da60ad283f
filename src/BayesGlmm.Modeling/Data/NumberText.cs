// Culture-invariant reading and writing of numbers in data files, as R's read.csv and as.character do.
using System.Globalization;
using System.Text.RegularExpressions;

namespace BayesGlmm.Modeling.Data;

/// <summary>Numbers in data files: invariant culture, <c>Inf</c>/<c>-Inf</c> as R writes them, <c>NA</c> and blanks missing.</summary>
public static partial class NumberText
{
    /// <summary>Whether a cell is missing: null, empty or white space, or <c>NA</c>.</summary>
    public static bool IsMissing(string? text) => text is null || string.IsNullOrWhiteSpace(text) || text.Trim() == "NA";

    /// <summary>Parses a culture-invariant number (<c>1</c>, <c>-2.5e3</c>, <c>Inf</c>, <c>-Inf</c>, <c>NaN</c>).</summary>
    public static bool TryParse(string text, out double value)
    {
        var t = text.AsSpan().Trim();
        switch (t)
        {
            case "Inf" or "inf" or "+Inf" or "Infinity" or "+Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Inf" or "-inf" or "-Infinity":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
        }
        // Leading/trailing white space is handled by Trim; no thousands separators, no currency, no hex.
        return double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A number as R's as.character prints it (up to 15 significant digits: 1, 0.5, 1e-04 aside).</summary>
    public static string Format(double value)
    {
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (double.IsNaN(value)) return "NaN";
        return value.ToString("G15", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether a cell spells a number with a decimal comma, as spreadsheets in many European locales export it
    /// (<c>1,5</c>, <c>-0,25</c>, <c>1.234,5</c> with dots grouping thousands, <c>2,5e-3</c>). Such a cell is not a number
    /// here (a comma separates fields), so a column of them would be read as text.
    /// </summary>
    public static bool IsDecimalComma(string text) => DecimalCommaPattern().IsMatch(text.Trim());

    /// <summary>
    /// Whether a categorical column holds numbers written with decimal commas: every level a number, with or
    /// without a decimal comma, and at least one with one.
    /// </summary>
    public static bool HasDecimalCommas(DataColumn column) =>
        column.IsCategorical && column.Levels.Any(IsDecimalComma) && column.Levels.All(l => IsDecimalComma(l) || TryParse(l, out _));

    /// <summary>The first row (0-based) among <paramref name="rows"/> whose cell has a decimal comma, or -1.</summary>
    public static int FirstDecimalCommaRow(DataColumn column, IEnumerable<int> rows)
    {
        foreach (int row in rows)
            if (column.Raw[row] is { } text && IsDecimalComma(text)) return row;
        return -1;
    }

    [GeneratedRegex(@"^[+-]?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+),[0-9]+([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalCommaPattern();
}
