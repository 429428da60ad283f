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
}
