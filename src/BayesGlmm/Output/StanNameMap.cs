// Maps brms parameter names to CmdStan CSV columns: Stan identifiers with dotted, column-major indices.
using System.Text;

namespace BayesGlmm.Output;

/// <summary>
/// The columns of a CmdStan CSV file for a list of brms names, and the way back.
/// </summary>
/// <remarks>
/// Readers of CmdStan files (rstan's read_stan_csv, cmdstanpy, ArviZ) split each column name at its dots into
/// a Stan identifier and integer indices, and expect every indexed variable's columns to be contiguous and in
/// column-major order (the first index fastest), as CmdStan writes them. brms names such as
/// <c>b_zBase:Trt1</c>, <c>b_Intercept[1]</c> or <c>r_county[LAC.QUI.PARLE,Intercept]</c> are therefore
/// rewritten: characters outside <c>[A-Za-z0-9_]</c> become <c>_</c>; bracketed indices become 1-based integer
/// positions in order of first appearance (levels, then coefficients); an identifier that would end in
/// <c>__</c> (reserved by Stan for sampler quantities), start with a digit or collide with another gets a
/// suffix. The map keeps every column's brms name, level and coefficient for fit.json.
/// </remarks>
public sealed class StanNameMap
{
    /// <summary>The sampler columns CmdStan writes first, in its order.</summary>
    public static readonly IReadOnlyList<string> SamplerColumns =
        ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"];

    private StanNameMap(IReadOnlyList<StanColumn> columns) => Columns = columns;

    /// <summary>The parameter columns in file order (after the sampler columns).</summary>
    public IReadOnlyList<StanColumn> Columns { get; }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> ColumnNames => Columns.Select(c => c.Column).ToArray();

    /// <summary>Builds the columns for the model's reported quantities, given in output order.</summary>
    public static StanNameMap Build(IReadOnlyList<string> brmsNames)
    {
        // Group the names by variable (the part before '[') in order of first appearance.
        var groups = new List<(string Base, bool Indexed, List<(int Output, string[] Parts)> Members)>();
        var groupIndex = new Dictionary<(string, bool), int>();
        for (int i = 0; i < brmsNames.Count; i++)
        {
            (string baseName, string[]? parts) = Split(brmsNames[i]);
            var key = (baseName, parts is not null);
            if (!groupIndex.TryGetValue(key, out int g))
            {
                g = groups.Count;
                groupIndex[key] = g;
                groups.Add((baseName, parts is not null, []));
            }
            groups[g].Members.Add((i, parts ?? []));
        }

        var used = new HashSet<string>(SamplerColumns, StringComparer.Ordinal);
        var columns = new List<StanColumn>(brmsNames.Count);
        foreach (var (baseName, indexed, members) in groups)
        {
            string stanName = UniqueIdentifier(baseName, used);
            if (!indexed)
            {
                foreach (var (output, _) in members)
                {
                    // A scalar name repeated would be a model bug; keep every column distinct all the same.
                    string name = members.Count == 1 ? stanName : UniqueIdentifier(baseName, used);
                    columns.Add(new StanColumn(name, brmsNames[output], name, [], null, null, output));
                }
                continue;
            }
            columns.AddRange(IndexedColumns(brmsNames, baseName, stanName, members));
        }
        return new StanNameMap(columns);
    }

    private static IEnumerable<StanColumn> IndexedColumns(
        IReadOnlyList<string> brmsNames, string baseName, string stanName, List<(int Output, string[] Parts)> members)
    {
        bool isGroupEffect = baseName.StartsWith("r_", StringComparison.Ordinal) && members.All(m => m.Parts.Length >= 2);
        // For r_g[level,coef] the level is everything before the last comma (a level may itself hold commas).
        string[][] keys = members
            .Select(m => isGroupEffect ? [string.Join(",", m.Parts[..^1]), m.Parts[^1]] : m.Parts)
            .ToArray();
        int rank = keys[0].Length;
        bool sameRank = keys.All(k => k.Length == rank);

        var codes = new List<Dictionary<string, int>>();
        for (int d = 0; d < rank; d++) codes.Add(new Dictionary<string, int>(StringComparer.Ordinal));
        if (sameRank)
        {
            foreach (var k in keys)
                for (int d = 0; d < rank; d++) codes[d].TryAdd(k[d], codes[d].Count + 1);
            // Indices that already are 1..n (ordinal cutpoints b_Intercept[1], ...) keep their numbers.
            for (int d = 0; d < rank; d++)
            {
                var numbers = codes[d].Keys
                    .Select(k => int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && k == v.ToString(System.Globalization.CultureInfo.InvariantCulture) ? v : -1)
                    .ToArray();
                if (numbers.All(v => v >= 1 && v <= numbers.Length) && numbers.Distinct().Count() == numbers.Length)
                {
                    foreach (string k in codes[d].Keys.ToArray()) codes[d][k] = int.Parse(k, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        long gridSize = sameRank ? codes.Aggregate(1L, (p, c) => p * c.Count) : -1;
        bool grid = sameRank && gridSize == members.Count
                    && keys.Select(k => string.Join("\u0001", k)).Distinct(StringComparer.Ordinal).Count() == members.Count;

        var result = new List<(int[] Index, StanColumn Column)>(members.Count);
        for (int m = 0; m < members.Count; m++)
        {
            int[] index = grid ? keys[m].Select((part, d) => codes[d][part]).ToArray() : [m + 1];
            string column = stanName + "." + string.Join(".", index);
            string? level = isGroupEffect ? keys[m][0] : null;
            string? coefficient = isGroupEffect ? keys[m][1] : null;
            result.Add((index, new StanColumn(column, brmsNames[members[m].Output], stanName, index, level, coefficient, members[m].Output)));
        }
        // Column-major: the last index slowest, the first fastest.
        result.Sort((a, b) =>
        {
            for (int d = a.Index.Length - 1; d >= 0; d--)
            {
                int c = a.Index[d].CompareTo(b.Index[d]);
                if (c != 0) return c;
            }
            return 0;
        });
        return result.Select(r => r.Column);
    }

    /// <summary>Splits <c>name[a,b]</c> into <c>name</c> and its bracketed parts; parts are null without brackets.</summary>
    public static (string Base, string[]? Parts) Split(string name)
    {
        int open = name.IndexOf('[');
        if (open <= 0 || !name.EndsWith(']')) return (name, null);
        string inner = name[(open + 1)..^1];
        return (name[..open], inner.Split(','));
    }

    /// <summary>A Stan identifier for <paramref name="name"/> not yet in <paramref name="used"/> (which it joins).</summary>
    private static string UniqueIdentifier(string name, HashSet<string> used)
    {
        string candidate = ToIdentifier(name);
        if (used.Add(candidate)) return candidate;
        for (int k = 2; ; k++)
        {
            string next = candidate + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (used.Add(next)) return next;
        }
    }

    /// <summary>
    /// The Stan identifier for a name: characters outside <c>[A-Za-z0-9_]</c> become <c>_</c>, a leading digit
    /// or underscore gets a <c>v</c> in front, and a trailing <c>__</c> is broken by a final <c>x</c>.
    /// </summary>
    public static string ToIdentifier(string name)
    {
        var sb = new StringBuilder(name.Length + 2);
        foreach (char ch in name) sb.Append(char.IsAsciiLetterOrDigit(ch) || ch == '_' ? ch : '_');
        if (sb.Length == 0 || !char.IsAsciiLetter(sb[0])) sb.Insert(0, 'v');
        if (sb.Length >= 2 && sb[^1] == '_' && sb[^2] == '_') sb.Append('x');
        return sb.ToString();
    }

    /// <summary>
    /// The bracketed form of a CmdStan column name (<c>theta.2.1</c> → <c>theta[2,1]</c>), as posterior shows it;
    /// names without dots are returned unchanged.
    /// </summary>
    public static string ToBracketed(string column)
    {
        int dot = column.IndexOf('.');
        if (dot <= 0) return column;
        return column[..dot] + "[" + column[(dot + 1)..].Replace('.', ',') + "]";
    }
}
