// Formula errors: a one-line message naming the position, with the formula and a caret under it as details.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>Makes <see cref="InputException"/>s that point into a formula.</summary>
public static class FormulaError
{
    /// <summary>
    /// An error at 0-based <paramref name="position"/> of <paramref name="formula"/>: the message says
    /// "position N" (1-based, counting characters) and the details show the formula with a caret under N.
    /// </summary>
    public static InputException At(string formula, int position, string message)
    {
        position = Math.Clamp(position, 0, formula.Length);
        var line = Printable(formula);
        return new InputException($"Formula error at position {position + 1}: {message}")
        {
            Details = [line, new string(' ', position) + "^"],
        };
    }

    // Tabs and line breaks would put the caret in the wrong column; show them as spaces.
    private static string Printable(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = ' ';
        return new string(chars);
    }
}
