// Writes all chains under brms names in the layout of posterior's draws_df: .chain,.iteration,.draw, variables.
using System.Globalization;
using System.Text;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Output;

/// <summary>
/// Writes <c>draws.csv</c>: one row per draw of every chain, with the columns <c>.chain,.iteration,.draw</c>
/// (posterior's draws_df meta-columns, which <c>posterior::as_draws_df(read.csv(..., check.names = FALSE))</c>
/// recognises) and then one column per variable under its brms name, quoted where CSV needs it. Numbers are
/// culture-invariant and round-trip exactly; NaN is written <c>NA</c> and infinities <c>Inf</c>/<c>-Inf</c>, as R reads them.
/// </summary>
public static class DrawsCsvWriter
{
    /// <summary>Writes <paramref name="draws"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, Draws draws) => Write(path, draws, null, null);

    /// <summary>
    /// Writes the variables <paramref name="variables"/> (indices into <paramref name="draws"/>, all by default) of the
    /// first <paramref name="lengths"/>[c] iterations of every chain c (all by default) to <paramref name="path"/>:
    /// chains of unequal length, as an interrupted run leaves them, are written whole, <c>.draw</c> counting on.
    /// </summary>
    public static void Write(string path, Draws draws, IReadOnlyList<int>? variables, IReadOnlyList<int>? lengths)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Write(writer, draws, variables, lengths);
    }

    /// <summary>Writes <paramref name="draws"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, Draws draws) => Write(writer, draws, null, null);

    /// <summary>Writes to <paramref name="writer"/> as <see cref="Write(string, Draws, IReadOnlyList{int}?, IReadOnlyList{int}?)"/> does.</summary>
    public static void Write(TextWriter writer, Draws draws, IReadOnlyList<int>? variables, IReadOnlyList<int>? lengths)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var selected = variables ?? Enumerable.Range(0, draws.Variables.Count).ToArray();
        writer.Write(".chain,.iteration,.draw");
        foreach (int v in selected)
        {
            writer.Write(',');
            writer.Write(Quote(draws.Variables[v]));
        }
        writer.Write('\n');
        int k = selected.Count;
        char[] row = new char[1024];
        int drawNumber = 0;
        for (int c = 0; c < draws.ChainCount; c++)
        {
            int length = lengths?[c] ?? draws.IterationCount;
            for (int i = 0; i < length; i++)
            {
                // The row is formatted into one buffer and written at once: no string per number.
                int n = 0;
                AppendInteger(ref row, ref n, c + 1);
                row[n++] = ',';
                AppendInteger(ref row, ref n, i + 1);
                row[n++] = ',';
                AppendInteger(ref row, ref n, ++drawNumber);
                for (int j = 0; j < k; j++)
                {
                    if (n + 40 > row.Length) Array.Resize(ref row, row.Length * 2);
                    row[n++] = ',';
                    n += FormatForR(draws.Chain(selected[j], c)[i], row.AsSpan(n));
                }
                row[n++] = '\n';
                writer.Write(row, 0, n);
            }
        }
    }

    /// <summary>Writes <see cref="FormatForR(double)"/>'s text into <paramref name="destination"/> (at least 32 chars) and returns its length.</summary>
    public static int FormatForR(double value, Span<char> destination)
    {
        if (double.IsFinite(value))
        {
            value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
            return written;
        }
        string text = FormatForR(value);
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    private static void AppendInteger(ref char[] row, ref int n, int value)
    {
        if (n + 16 > row.Length) Array.Resize(ref row, row.Length * 2);
        value.TryFormat(row.AsSpan(n), out int written, default, CultureInfo.InvariantCulture);
        n += written;
    }

    /// <summary>A number as R's read.csv reads it: round-trip digits, <c>NA</c>, <c>Inf</c>, <c>-Inf</c>.</summary>
    public static string FormatForR(double value)
    {
        if (double.IsNaN(value)) return "NA";
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A CSV field: quoted (with inner quotes doubled) when it holds a comma, quote, or line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
