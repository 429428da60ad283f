// Splitting one line of a comma-separated file into its fields, for the small machine-written files (ranks, log-likelihoods).
using System.Text;

namespace BayesGlmm.Modeling.Data;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting: fields may be double-quoted, and "" inside quotes is a quote) into
/// its fields. Data tables are read with <see cref="DataTable.ReadCsv"/>; this is for line-by-line reading of
/// files this program writes, where a half-written last line must be recognised rather than parsed.
/// </summary>
public static class CsvFields
{
    /// <summary>The fields of <paramref name="line"/>; <paramref name="unclosedQuote"/> tells whether a quote was left open.</summary>
    public static List<string> Split(string line, out bool unclosedQuote)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                    else quoted = false;
                }
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else if (ch != '\r') current.Append(ch);
        }
        fields.Add(current.ToString());
        unclosedQuote = quoted;
        return fields;
    }
}
