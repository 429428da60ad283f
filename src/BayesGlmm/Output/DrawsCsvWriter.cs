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
    public static void Write(string path, Draws draws)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Write(writer, draws);
    }

    /// <summary>Writes <paramref name="draws"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, Draws draws)
    {
        writer.Write(".chain,.iteration,.draw");
        foreach (string v in draws.Variables)
        {
            writer.Write(',');
            writer.Write(Quote(v));
        }
        writer.Write('\n');
        int k = draws.Variables.Count;
        var columns = new double[k][];
        char[] row = new char[1024];
        for (int c = 0; c < draws.ChainCount; c++)
        {
            for (int v = 0; v < k; v++) columns[v] = draws.Chain(v, c).ToArray();
            for (int i = 0; i < draws.IterationCount; i++)
            {
                // The row is formatted into one buffer and written at once: no string per number.
                int n = 0;
                AppendInteger(ref row, ref n, c + 1);
                row[n++] = ',';
                AppendInteger(ref row, ref n, i + 1);
                row[n++] = ',';
                AppendInteger(ref row, ref n, c * draws.IterationCount + i + 1);
                for (int v = 0; v < k; v++)
                {
                    if (n + 40 > row.Length) Array.Resize(ref row, row.Length * 2);
                    row[n++] = ',';
                    n += FormatForR(columns[v][i], row.AsSpan(n));
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
