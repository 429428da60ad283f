// Culture-invariant number text for the CSV files: shortest round-trip digits, CmdStan's nan/inf spellings.
using System.Globalization;

namespace BayesGlmm.Output;

/// <summary>Formats and parses the numbers of the output files, independent of the current culture.</summary>
public static class CsvNumber
{
    /// <summary>
    /// The shortest text that parses back to exactly <paramref name="value"/> ("R" format), with CmdStan's
    /// spellings <c>nan</c>, <c>inf</c> and <c>-inf</c> for the non-finite values.
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>As <see cref="Format"/>, but <c>NA</c> for NaN (R's missing value, as in summary.csv).</summary>
    public static string FormatOrNA(double value) => double.IsNaN(value) ? "NA" : Format(value);

    /// <summary>
    /// Parses a number written by CmdStan, R or this program: decimal and exponent forms, and any casing of
    /// <c>nan</c>, <c>NA</c>, <c>inf</c>, <c>infinity</c> with an optional sign. Returns false for anything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = text[1..^1].Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        bool negative = false;
        ReadOnlySpan<char> body = text;
        if (body.Length > 0 && (body[0] == '-' || body[0] == '+'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase) || body.Equals("na", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        value = double.NaN;
        return false;
    }
}
