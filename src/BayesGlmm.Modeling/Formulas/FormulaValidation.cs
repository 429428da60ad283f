// Checks that expressions use only what the model frame can evaluate: columns, numbers, arithmetic and transforms.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>Rejects, with the position, any call or operator that is not a supported transform or arithmetic.</summary>
internal static class FormulaValidation
{
    /// <summary>Checks an arithmetic expression: numbers, columns, <c>+ - * / ^</c>, parentheses and one-argument transforms.</summary>
    public static void CheckArithmetic(string text, Expression e)
    {
        switch (e)
        {
            case NumberExpression or VariableExpression:
                return;
            case StringExpression s:
                throw FormulaError.At(text, s.Position, "a string is not a number; strings only appear as gr(g, dist = \"...\").");
            case UnaryExpression u:
                CheckArithmetic(text, u.Operand);
                return;
            case ParenthesizedExpression p:
                CheckArithmetic(text, p.Inner);
                return;
            case BinaryExpression { Operator: ':' } b:
                throw FormulaError.At(text, b.Position, "':' builds interactions between terms; it cannot be used inside a call or on the left of '~'.");
            case BinaryExpression b:
                CheckArithmetic(text, b.Left);
                CheckArithmetic(text, b.Right);
                return;
            case CallExpression c:
                if (!FormulaFunctions.Transforms.ContainsKey(c.Function))
                    throw FormulaError.At(text, c.Position, c.Function switch
                    {
                        "offset" => "offset(...) can only be added to the population-level terms.",
                        "factor" => "factor(...) makes a categorical term; it cannot be used inside arithmetic or on the left of '~'.",
                        "trials" or "se" or "cbind" => $"{c.Function}(...) belongs on the left of '~'.",
                        "gr" => "gr(...) belongs after the bar of a group term: (1 | gr(g, dist = \"student\")).",
                        _ => $"unknown function '{c.Function}'. Supported transforms: {FormulaFunctions.TransformList}.",
                    });
                if (c.Arguments.Count != 1 || c.NamedArguments.Count != 0)
                    throw FormulaError.At(text, c.Position, $"{c.Function}() takes exactly one argument.");
                CheckArithmetic(text, c.Arguments[0]);
                return;
            default:
                throw new InvalidOperationException($"Unknown expression {e.GetType().Name}.");
        }
    }
}
