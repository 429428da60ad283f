// Culture-invariant reading and writing of numbers in data files, as R's read.csv and as.character do.
using System.Globalization;

namespace BayesGlmm.Modeling.Data;

/// <summary>Numbers in data files: invariant culture, <c>Inf</c>/<c>-Inf</c> as R writes them, <c>NA</c> and blanks missing.</summary>
public static class NumberText
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
}
