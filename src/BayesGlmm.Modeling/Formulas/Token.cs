// The tokens of a model formula, each with its position in the text.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>The kinds of formula token.</summary>
public enum TokenKind
{
    /// <summary>A name: <c>x</c>, <c>log</c>, <c>.5x</c> is not one; a back-quoted <c>`my var`</c> is.</summary>
    Identifier,
    /// <summary>A number: <c>1</c>, <c>0.5</c>, <c>2e-3</c>.</summary>
    Number,
    /// <summary>A quoted string: <c>"student"</c>.</summary>
    String,
    /// <summary><c>~</c></summary>
    Tilde,
    /// <summary><c>+</c></summary>
    Plus,
    /// <summary><c>-</c></summary>
    Minus,
    /// <summary><c>*</c></summary>
    Star,
    /// <summary><c>/</c></summary>
    Slash,
    /// <summary><c>^</c></summary>
    Caret,
    /// <summary><c>:</c></summary>
    Colon,
    /// <summary><c>|</c></summary>
    Bar,
    /// <summary><c>||</c></summary>
    DoubleBar,
    /// <summary><c>(</c></summary>
    LeftParen,
    /// <summary><c>)</c></summary>
    RightParen,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>=</c></summary>
    Equals,
    /// <summary>The end of the text.</summary>
    End,
}

/// <summary>A token: its kind, its text (for names, numbers and strings, the value) and its 0-based position.</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Position, int Length)
{
    /// <summary>The position just after the token.</summary>
    public int End => Position + Length;

    /// <summary>The token as a user would name it in a message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the formula",
        TokenKind.Identifier => $"name '{Text}'",
        TokenKind.Number => $"number {Text}",
        TokenKind.String => $"string \"{Text}\"",
        _ => $"'{Text}'",
    };
}
