// A prior statement as the user writes it, "b ~ normal(0, 5)", parsed into its target and distribution.
using System.Globalization;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// One prior statement, <c>target ~ distribution(arguments)</c> (DESIGN.md §2). The target is a class
/// (<c>b</c>, <c>Intercept</c>, <c>sd</c>, <c>sds</c> (smoothing sds), <c>cor</c>, <c>sigma</c>, <c>shape</c>, <c>phi</c>,
/// <c>nu</c>, <c>zi</c>, <c>hu</c>, <c>lambda</c>, <c>df</c>), one smooth's sd (<c>sds_sx_1</c>), a coefficient (<c>b_zAge</c>), a group (<c>sd_patient</c>, <c>cor_g</c>,
/// <c>lambda_g</c>, <c>df_g</c>) or one coefficient of a group (<c>sd_g__x</c>). For the categorical
/// family's linear predictors (brms's <c>dpar</c>) a class may be narrowed to one category:
/// <c>b_muB</c> (every coefficient of muB, read as a coefficient name until the model resolves it) and
/// <c>Intercept_muB</c> (its intercept; the category is held in <see cref="Group"/>).
/// </summary>
/// <param name="Class">The parameter class.</param>
/// <param name="Group">The grouping factor (sd, cor, lambda, df) or the linear predictor (Intercept), or null for every group.</param>
/// <param name="Coefficient">The coefficient (b, sd), or null for the whole class or group.</param>
/// <param name="Distribution">The distribution.</param>
/// <param name="Text">The statement as written, for messages.</param>
public sealed record PriorSpec(string Class, string? Group, string? Coefficient, PriorDistribution Distribution, string Text)
{
    /// <summary>The classes a prior can name.</summary>
    public static IReadOnlyList<string> Classes { get; } = ["b", "Intercept", "sd", "sds", "cor", "sigma", "shape", "phi", "nu", "zi", "hu", "lambda", "df"];

    /// <summary>The target as written: <c>b</c>, <c>b_zAge</c>, <c>sd_g__x</c>, ...</summary>
    public string Target => Class switch
    {
        "b" when Coefficient is not null => "b_" + Coefficient,
        _ when Group is null => Class,
        _ when Coefficient is null => Class + "_" + Group,
        _ => Class + "_" + Group + "__" + Coefficient,
    };

    /// <summary>
    /// Parses <c>target ~ distribution(arguments)</c>. Bad syntax, an unknown class or distribution, or
    /// invalid arguments throw <see cref="InputException"/> naming the prior and the position.
    /// </summary>
    public static PriorSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int tilde = text.IndexOf('~');
        if (tilde < 0) throw Error(text, text.Length, "expected 'target ~ distribution(...)', e.g. 'b ~ normal(0, 5)'");
        string target = text[..tilde].Trim();
        if (target.Length == 0) throw Error(text, tilde, "the parameter before '~' is missing");
        foreach (char c in target)
            if (char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '~')
                throw Error(text, text.IndexOf(c), $"unexpected '{c}' in the parameter name");
        var (cls, group, coef) = ParseTarget(text, target);

        int pos = tilde + 1;
        SkipSpace(text, ref pos);
        int nameStart = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) pos++;
        string name = text[nameStart..pos];
        if (name.Length == 0) throw Error(text, pos, "expected a distribution name after '~'");
        SkipSpace(text, ref pos);
        if (pos >= text.Length || text[pos] != '(') throw Error(text, pos, $"expected '(' after '{name}'");
        pos++;
        var args = new List<double>();
        SkipSpace(text, ref pos);
        if (pos < text.Length && text[pos] == ')') pos++;
        else
        {
            while (true)
            {
                SkipSpace(text, ref pos);
                int start = pos;
                while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] is '.' or '-' or '+' or 'e' or 'E')) pos++;
                string number = text[start..pos];
                if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw Error(text, start, "expected a number");
                args.Add(value);
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == ',') { pos++; continue; }
                if (pos < text.Length && text[pos] == ')') { pos++; break; }
                throw Error(text, pos, "expected ',' or ')'");
            }
        }
        SkipSpace(text, ref pos);
        if (pos < text.Length) throw Error(text, pos, "unexpected text after the distribution");

        PriorDistribution distribution;
        try { distribution = PriorDistribution.Create(name, args); }
        catch (ArgumentException e) { throw Error(text, nameStart, e.Message); }
        bool lkj = distribution is LkjPrior;
        if (lkj != (cls == "cor"))
            throw Error(text, nameStart, lkj ? "lkj is a prior for correlation matrices (cor, cor_<group>) only"
                                             : "a correlation matrix (cor) takes an lkj(eta) prior");
        return new PriorSpec(cls, group, coef, distribution, text.Trim());
    }

    private static (string Class, string? Group, string? Coefficient) ParseTarget(string text, string target)
    {
        if (Classes.Contains(target)) return (target, null, null);
        int underscore = target.IndexOf('_');
        string prefix = underscore < 0 ? target : target[..underscore];
        string rest = underscore < 0 ? "" : target[(underscore + 1)..];
        switch (prefix)
        {
            case "b" when rest.Length > 0:
                return ("b", null, rest);
            case "sd" when rest.Length > 0:
            {
                int sep = rest.IndexOf("__", StringComparison.Ordinal);
                if (sep < 0) return ("sd", rest, null);
                string group = rest[..sep], coef = rest[(sep + 2)..];
                if (group.Length == 0 || coef.Length == 0)
                    throw Error(text, 0, $"'{target}' is not a parameter; write sd_<group> or sd_<group>__<coefficient>");
                return ("sd", group, coef);
            }
            case "cor" or "lambda" or "df" or "Intercept" when rest.Length > 0 && !rest.Contains("__", StringComparison.Ordinal):
                return (prefix, rest, null);
            case "sds" when rest.Length > 0 && !rest.Contains("__", StringComparison.Ordinal):
                return ("sds", rest, null); // one smooth's sd, sds_sx_1: the group is the smooth's label and basis number
        }
        throw Error(text, 0,
            $"'{target}' is not a parameter class; use b, b_<coefficient>, Intercept, Intercept_<category>, sd, sd_<group>, sd_<group>__<coefficient>, sds, sds_<smooth>, cor, cor_<group>, sigma, shape, phi, nu, zi, hu, lambda or df");
    }

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private static InputException Error(string text, int position, string message) =>
        new($"Prior '{text.Trim()}': {message}.")
        {
            Details = [text, new string(' ', Math.Clamp(position, 0, text.Length)) + "^"],
        };
}
