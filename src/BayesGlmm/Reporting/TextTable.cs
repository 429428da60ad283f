// A plain text table with a left-aligned first column and right-aligned numbers, as R prints data frames.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Reporting;

/// <summary>Formats rows of cells as an aligned text table.</summary>
public static class TextTable
{
    /// <summary>
    /// The table text: the header, then one line per row; the first column left-aligned, the rest right-aligned,
    /// columns separated by one space, every line prefixed by <paramref name="indent"/>.
    /// </summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string indent = "")
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        int columns = header.Count;
        var width = new int[columns];
        foreach (var r in all)
            for (int j = 0; j < columns; j++) width[j] = Math.Max(width[j], r[j].Length);
        var sb = new StringBuilder();
        foreach (var r in all)
        {
            sb.Append(indent);
            for (int j = 0; j < columns; j++)
            {
                if (j > 0) sb.Append(' ');
                sb.Append(j == 0 ? r[j].PadRight(width[j]) : r[j].PadLeft(width[j]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A number with two decimals, or in scientific notation when very large or very small; <c>NA</c> for NaN.</summary>
    public static string Number(double x)
    {
        if (double.IsNaN(x)) return "NA";
        if (double.IsInfinity(x)) return x > 0 ? "Inf" : "-Inf";
        double a = Math.Abs(x);
        if (a != 0 && (a >= 1e6 || a < 0.01)) return x.ToString("0.00e+00", CultureInfo.InvariantCulture);
        return x.ToString("F2", CultureInfo.InvariantCulture);
    }

    /// <summary>An effective sample size as a whole number; <c>NA</c> for NaN.</summary>
    public static string Whole(double x) => double.IsFinite(x) ? x.ToString("F0", CultureInfo.InvariantCulture) : "NA";

    /// <summary>An R-hat with two decimals, as brms prints it; <c>NA</c> for NaN.</summary>
    public static string Rhat(double x) => double.IsFinite(x) ? x.ToString("F2", CultureInfo.InvariantCulture) : "NA";
}
