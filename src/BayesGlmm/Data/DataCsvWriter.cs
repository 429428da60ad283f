// Writes a data table as CSV that reads back to the same table: categorical cells quoted, numbers round-trip.
using System.Text;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Output;

namespace BayesGlmm.Data;

/// <summary>
/// Writes a <see cref="DataTable"/> (for example one built in memory, saved beside its fit as <c>data.csv</c>) so
/// that <see cref="DataTable.ReadCsv"/> gives the same table back: a header of the column names, each categorical
/// cell in quotes (which keeps the column categorical, as R's write.csv does for factors), numeric cells as their
/// text, and <c>NA</c> for a missing value.
/// </summary>
public static class DataCsvWriter
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, DataTable table)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Write(writer, table);
    }

    /// <summary>The hex SHA-256 of the CSV text of <paramref name="table"/> (what the file written by <see cref="Write(string, DataTable)"/> hashes to).</summary>
    public static string Sha256(DataTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" }) Write(writer, table);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream.ToArray()));
    }

    /// <summary>Writes <paramref name="table"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, DataTable table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        writer.Write(string.Join(",", table.Columns.Select(c => DrawsCsvWriter.Quote(c.Name))));
        writer.Write('\n');
        for (int i = 0; i < table.RowCount; i++)
        {
            for (int j = 0; j < table.Columns.Count; j++)
            {
                if (j > 0) writer.Write(',');
                var column = table.Columns[j];
                string? cell = column.Raw[i];
                if (cell is null) writer.Write("NA");
                else if (column.IsCategorical) writer.Write("\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
                else writer.Write(cell);
            }
            writer.Write('\n');
        }
    }
}
