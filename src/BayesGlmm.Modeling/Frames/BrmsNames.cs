// brms 2.18's naming of coefficients, groups and levels (R/misc.R rename, R/rename_pars.R).
using System.Text;

namespace BayesGlmm.Modeling.Frames;

/// <summary>How brms turns model-matrix column names and factor levels into parameter names (DESIGN.md §2).</summary>
public static class BrmsNames
{
    /// <summary>
    /// A coefficient name as brms writes it in <c>b_</c>, <c>sd_</c>, <c>cor_</c> and <c>r_</c>: R's
    /// <c>(Intercept)</c> becomes <c>Intercept</c>; spaces and <c>( ) [ ] , " ' ?</c> are dropped;
    /// <c>+ - * / ^ =</c> become <c>P M MU D E EQ</c>; <c>: . _</c> and everything else are kept
    /// (<c>I(x^2)</c> → <c>IxE2</c>, <c>log(x + 1)</c> → <c>logxP1</c>).
    /// </summary>
    public static string Coefficient(string modelMatrixName)
    {
        if (modelMatrixName == "(Intercept)") return "Intercept";
        var sb = new StringBuilder(modelMatrixName.Length);
        foreach (char c in modelMatrixName)
        {
            switch (c)
            {
                case ' ' or '(' or ')' or '[' or ']' or ',' or '"' or '\'' or '?': break;
                case '+': sb.Append('P'); break;
                case '-': sb.Append('M'); break;
                case '*': sb.Append("MU"); break;
                case '/': sb.Append('D'); break;
                case '^': sb.Append('E'); break;
                case '=': sb.Append("EQ"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A level name as brms prints it inside <c>r_g[level,coef]</c>: white space becomes <c>.</c>, all else kept.</summary>
    public static string Level(string level)
    {
        var chars = level.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsWhiteSpace(chars[i])) chars[i] = '.';
        return new string(chars);
    }

    /// <summary>
    /// The distributional-parameter names brms gives the non-reference categories of a categorical
    /// response (brms 2.18: <c>make_stan_names(paste0("mu", cats[-1]))</c>, i.e. R's <c>make.names(unique = TRUE)</c>
    /// with every <c>.</c> and <c>_</c> then removed): <c>B_1</c> → <c>muB1</c>, <c>c.x</c> → <c>mucx</c>, <c>2</c> → <c>mu2</c>.
    /// Throws <see cref="InputException"/> when two categories end up with the same name.
    /// </summary>
    public static IReadOnlyList<string> CategoryParameters(IReadOnlyList<string> categories, string responseName)
    {
        // make.names: a character that is not a letter, digit, '.' or '_' becomes '.'; "mu" makes the start valid.
        var valid = categories.Select(c => "mu" + new string(c.Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '_' ? ch : '.').ToArray())).ToArray();
        // make.unique: the second and later copies of a name get ".1", ".2", ... (skipping names already taken).
        var taken = new HashSet<string>(valid, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < valid.Length; i++)
        {
            if (seen.Add(valid[i])) continue;
            string candidate;
            int k = counts.GetValueOrDefault(valid[i]);
            do candidate = $"{valid[i]}.{++k}"; while (taken.Contains(candidate));
            counts[valid[i]] = k;
            taken.Add(candidate);
            seen.Add(candidate);
            valid[i] = candidate;
        }
        var names = valid.Select(v => v.Replace(".", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)).ToArray();
        for (int i = 0; i < names.Length; i++)
            for (int j = 0; j < i; j++)
                if (names[i] == names[j])
                    throw new InputException(
                        $"The categories '{categories[j]}' and '{categories[i]}' of the response '{responseName}' both become the parameter name '{names[i]}' (brms drops '.' and '_'); rename one of them in the data.");
        return names;
    }
}
