// The order of factor levels: numeric when every level is a number, else R's collation in an English locale.
namespace BayesGlmm.Modeling.Data;

/// <summary>
/// Sorts factor levels as R does (DESIGN.md §2): numerically when every level spells a number, otherwise by
/// the collation R uses in an English locale (ICU / CLDR root order): white space and punctuation first,
/// then digits (compared one at a time, so <c>c10</c> comes before <c>c2</c>), then letters compared
/// without regard to case, ties broken lowercase first and finally by code point. Culture-invariant: the
/// result does not depend on the machine's locale.
/// </summary>
public static class LevelOrder
{
    /// <summary>The distinct values of <paramref name="values"/> in R's level order.</summary>
    public static IReadOnlyList<string> Sort(IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        var numbers = new double[distinct.Count];
        bool allNumbers = true;
        for (int i = 0; i < distinct.Count && allNumbers; i++)
            allNumbers = NumberText.TryParse(distinct[i], out numbers[i]) && !double.IsNaN(numbers[i]);
        if (allNumbers)
        {
            var index = Enumerable.Range(0, distinct.Count).ToArray();
            Array.Sort(index, (a, b) =>
            {
                int c = numbers[a].CompareTo(numbers[b]);
                return c != 0 ? c : Collation.Compare(distinct[a], distinct[b]);
            });
            return index.Select(i => distinct[i]).ToArray();
        }
        distinct.Sort(Collation);
        return distinct;
    }

    /// <summary>R's string collation in an English locale, as a comparer.</summary>
    public static IComparer<string> Collation { get; } = new EnglishCollation();

    private sealed class EnglishCollation : IComparer<string>
    {
        // Primary order of ASCII punctuation and symbols in the CLDR root collation (all before digits).
        private const string Punctuation = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            // Level 1: primary weights (case ignored).
            int n = Math.Min(x.Length, y.Length);
            for (int i = 0; i < n; i++)
            {
                int c = Primary(x[i]).CompareTo(Primary(y[i]));
                if (c != 0) return c;
            }
            if (x.Length != y.Length) return x.Length.CompareTo(y.Length);
            // Level 3: case, lowercase first.
            for (int i = 0; i < n; i++)
            {
                bool lx = char.IsLower(x[i]), ly = char.IsLower(y[i]);
                if (lx != ly) return lx ? -1 : 1;
            }
            return string.CompareOrdinal(x, y);
        }

        private static int Primary(char c)
        {
            if (char.IsWhiteSpace(c)) return 0x100 + Math.Min((int)c, 0xFF); // white space first
            int p = Punctuation.IndexOf(c);
            if (p >= 0) return 0x1000 + p;
            if (c is >= '0' and <= '9') return 0x2000 + (c - '0');
            if (c is >= 'a' and <= 'z') return 0x3000 + 2 * (c - 'a');
            if (c is >= 'A' and <= 'Z') return 0x3000 + 2 * (c - 'A');
            if (c < 0x80) return 0x1800 + c;                          // other ASCII symbols: after listed punctuation
            return 0x10000 + char.ToLowerInvariant(c);                // other scripts after Latin letters
        }
    }
}
