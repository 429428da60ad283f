// Splits a formula into tokens (names, numbers, strings, operators), keeping each token's position.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>The lexical rules of R formulas: syntactic names with letters, digits, '.' and '_', back-quoted names, numbers, strings and the operators.</summary>
public static class FormulaTokenizer
{
    /// <summary>The tokens of <paramref name="text"/>, ending with <see cref="TokenKind.End"/>; a bad character throws <see cref="InputException"/> at its position.</summary>
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            switch (c)
            {
                case '~': tokens.Add(new(TokenKind.Tilde, "~", i++, 1)); continue;
                case '+': tokens.Add(new(TokenKind.Plus, "+", i++, 1)); continue;
                case '-': tokens.Add(new(TokenKind.Minus, "-", i++, 1)); continue;
                case '*': tokens.Add(new(TokenKind.Star, "*", i++, 1)); continue;
                case '/': tokens.Add(new(TokenKind.Slash, "/", i++, 1)); continue;
                case '^': tokens.Add(new(TokenKind.Caret, "^", i++, 1)); continue;
                case ':': tokens.Add(new(TokenKind.Colon, ":", i++, 1)); continue;
                case '(': tokens.Add(new(TokenKind.LeftParen, "(", i++, 1)); continue;
                case ')': tokens.Add(new(TokenKind.RightParen, ")", i++, 1)); continue;
                case ',': tokens.Add(new(TokenKind.Comma, ",", i++, 1)); continue;
                case '=':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                        throw FormulaError.At(text, i, "'==' is not allowed in a formula.");
                    tokens.Add(new(TokenKind.Equals, "=", i++, 1));
                    continue;
                case '|':
                    if (i + 1 < text.Length && text[i + 1] == '|') { tokens.Add(new(TokenKind.DoubleBar, "||", i, 2)); i += 2; }
                    else tokens.Add(new(TokenKind.Bar, "|", i++, 1));
                    continue;
                case '"' or '\'':
                    tokens.Add(ReadString(text, ref i));
                    continue;
                case '`':
                    {
                        int close = text.IndexOf('`', i + 1);
                        if (close < 0) throw FormulaError.At(text, i, "this back-quoted name has no closing '`'.");
                        if (close == i + 1) throw FormulaError.At(text, i, "an empty back-quoted name.");
                        tokens.Add(new(TokenKind.Identifier, text[(i + 1)..close], i, close + 1 - i));
                        i = close + 1;
                        continue;
                    }
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (char.IsLetter(c) || c == '.')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '_')) i++;
                tokens.Add(new(TokenKind.Identifier, text[start..i], start, i - start));
                continue;
            }
            throw FormulaError.At(text, i, $"unexpected character '{(char.IsControl(c) ? ' ' : c)}'"
                + (c == '_' ? " (a name cannot start with '_')." : "."));
        }
        tokens.Add(new(TokenKind.End, "", text.Length, 0));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i < text.Length && char.IsAsciiDigit(text[i])) { while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
            else i = save;
        }
        if (i < text.Length && text[i] == 'L') i++;   // R's integer suffix: 1L
        var s = text[start..i].TrimEnd('L');
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw FormulaError.At(text, start, $"'{text[start..i]}' is not a number.");
        if (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_'))
            throw FormulaError.At(text, i, $"a name cannot start with a digit ('{text[start..(i + 1)]}...'); back-quote it: `name`.");
        return new(TokenKind.Number, s, start, i - start);
    }

    private static Token ReadString(string text, ref int i)
    {
        int start = i;
        char quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length) i++;
            value.Append(text[i++]);
        }
        if (i >= text.Length) throw FormulaError.At(text, start, $"this string has no closing {quote}.");
        i++;
        return new(TokenKind.String, value.ToString(), start, i - start);
    }
}
