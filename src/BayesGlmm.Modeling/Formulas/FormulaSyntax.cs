// The right-hand side of a formula as parsed, before R's term algebra expands it.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>A node of the right-hand side: <c>a + b</c>, <c>a * b</c>, <c>(1 + x | g)</c>, an atom.</summary>
internal abstract record TermSyntax(int Start, int End);

/// <summary>An atom: a column, a call such as <c>log(x)</c> or <c>offset(...)</c>, or the number 0 or 1.</summary>
internal sealed record AtomSyntax(int Start, int End, Expression Expression) : TermSyntax(Start, End);

/// <summary>A formula operator between terms: <c>+ - * / : ^</c>.</summary>
internal sealed record OperatorSyntax(int Start, int End, TokenKind Operator, int OperatorPosition, TermSyntax Left, TermSyntax Right)
    : TermSyntax(Start, End);

/// <summary>A leading minus: <c>-1 + x</c>.</summary>
internal sealed record NegationSyntax(int Start, int End, TermSyntax Operand) : TermSyntax(Start, End);

/// <summary>A group-level term <c>(coefficients | group)</c>, <c>(coefficients || group)</c> or, with brms's ID, <c>(coefficients | id | group)</c>.</summary>
internal sealed record GroupSyntax(int Start, int End, TermSyntax Coefficients, bool Independent, TermSyntax Group, string? Id = null)
    : TermSyntax(Start, End);
