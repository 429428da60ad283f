// Arithmetic expressions inside a formula (x, log(t), I(x^2), n - r), with R's deparsed text.
using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// An expression as written in a formula: a column, a number, a string, a call or arithmetic. <see cref="Deparse"/>
/// gives the text R's deparse would print (the basis of column and coefficient names); <see cref="Position"/>
/// is the 0-based position in the formula, for messages.
/// </summary>
public abstract record Expression(int Position)
{
    /// <summary>The expression as R deparses it: <c>log(x + 1)</c>, <c>I(x^2)</c>, <c>a:b</c>.</summary>
    public abstract string Deparse();

    /// <summary>The columns the expression reads, in order of appearance (repeats included).</summary>
    public IEnumerable<VariableExpression> Variables()
    {
        switch (this)
        {
            case VariableExpression v: yield return v; break;
            case UnaryExpression u: foreach (var x in u.Operand.Variables()) yield return x; break;
            case ParenthesizedExpression p: foreach (var x in p.Inner.Variables()) yield return x; break;
            case BinaryExpression b:
                foreach (var x in b.Left.Variables()) yield return x;
                foreach (var x in b.Right.Variables()) yield return x;
                break;
            case CallExpression c:
                foreach (var a in c.Arguments) foreach (var x in a.Variables()) yield return x;
                foreach (var a in c.NamedArguments) foreach (var x in a.Value.Variables()) yield return x;
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Deparse();
}

/// <summary>A number.</summary>
public sealed record NumberExpression(int Position, double Value) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => NumberText.Format(Value);
}

/// <summary>A quoted string (only as a named argument, e.g. <c>dist = "student"</c>).</summary>
public sealed record StringExpression(int Position, string Value) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => "\"" + Value + "\"";
}

/// <summary>A column of the data (or <c>Intercept</c>, <c>TRUE</c>, <c>FALSE</c> where those are meant).</summary>
public sealed record VariableExpression(int Position, string Name) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => Name;
}

/// <summary>A sign: <c>-x</c>.</summary>
public sealed record UnaryExpression(int Position, char Operator, Expression Operand) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => Operator + Operand.Deparse();
}

/// <summary>Parentheses kept from the text, as R keeps them: <c>(x + 1)^2</c>.</summary>
public sealed record ParenthesizedExpression(int Position, Expression Inner) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => "(" + Inner.Deparse() + ")";
}

/// <summary>Arithmetic <c>+ - * / ^</c>, or <c>:</c> between grouping factors.</summary>
public sealed record BinaryExpression(int Position, char Operator, Expression Left, Expression Right) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse() => Operator switch
    {
        // R's deparse puts spaces around + - * but not around / ^ :
        '+' or '-' or '*' => $"{Left.Deparse()} {Operator} {Right.Deparse()}",
        _ => $"{Left.Deparse()}{Operator}{Right.Deparse()}",
    };
}

/// <summary>A named argument of a call: <c>dist = "student"</c>.</summary>
public sealed record NamedArgument(int Position, string Name, Expression Value);

/// <summary>A function call: <c>log(t)</c>, <c>I(x^2)</c>, <c>offset(log(t))</c>, <c>gr(g, dist = "student")</c>.</summary>
public sealed record CallExpression(int Position, string Function, IReadOnlyList<Expression> Arguments,
    IReadOnlyList<NamedArgument> NamedArguments) : Expression(Position)
{
    /// <inheritdoc />
    public override string Deparse()
    {
        var parts = Arguments.Select(a => a.Deparse()).Concat(NamedArguments.Select(a => $"{a.Name} = {a.Value.Deparse()}"));
        return $"{Function}({string.Join(", ", parts)})";
    }
}
