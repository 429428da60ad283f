// Suggests the column names nearest to a misspelt one (Levenshtein 1966 edit distance).
namespace BayesGlmm.Modeling.Frames;

/// <summary>Nearest column names for "unknown column" messages.</summary>
public static class ColumnSuggestions
{
    /// <summary>Up to <paramref name="count"/> names nearest to <paramref name="name"/>, nearest first (ties in table order).</summary>
    public static IReadOnlyList<string> Nearest(string name, IEnumerable<string> candidates, int count = 3) =>
        candidates
            .Select((c, i) => (c, i, d: Distance(name, c)))
            .OrderBy(x => x.d).ThenBy(x => x.i)
            .Take(count)
            .Select(x => x.c)
            .ToArray();

    /// <summary>
    /// The edit distance: insertions, deletions and substitutions cost 1, a change of case only 0.5 (counted
    /// in halves), by the two-row dynamic programme of Wagner &amp; Fischer (1974).
    /// </summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = 2 * j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = 2 * i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = a[i - 1] == b[j - 1] ? 0 : char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 1 : 2;
                current[j] = Math.Min(Math.Min(previous[j] + 2, current[j - 1] + 2), previous[j - 1] + substitution);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
