// Reads a group-level term's bar side: g, g1:g2, a/b, gr(g, dist = "student", cor = FALSE).
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// Turns <c>(coefficients | group)</c> into one <see cref="GroupTermSpec"/> per grouping factor:
/// <c>g1:g2</c> is one factor (the interaction), <c>a/b</c> is <c>a</c> and <c>a:b</c> (lme4 and brms).
/// </summary>
internal static class GroupTermReader
{
    /// <summary>The group terms of one parenthesised group term.</summary>
    public static IReadOnlyList<GroupTermSpec> Read(string text, GroupSyntax g)
    {
        var coefficients = TermAlgebra.ExpandCoefficients(text, g.Coefficients);
        if (coefficients.Terms.Count == 0 && !coefficients.HasIntercept)
            throw FormulaError.At(text, g.Start + 1, "this group term has no coefficients: write (1 | g) for intercepts.");
        bool correlated = !g.Independent;
        var distribution = RandomEffectDistribution.Normal;
        IReadOnlyList<IReadOnlyList<VariableExpression>> factors;
        if (g.Group is AtomSyntax { Expression: CallExpression { Function: "gr" } gr })
        {
            if (gr.Arguments.Count != 1)
                throw FormulaError.At(text, gr.Position, "gr() takes the grouping factor first, then named options: gr(g, dist = \"student\").");
            factors = Factors(text, gr.Arguments[0]);
            foreach (var option in gr.NamedArguments)
            {
                switch (option.Name)
                {
                    case "dist":
                        if (option.Value is not StringExpression s || !FormulaFunctions.Distributions.TryGetValue(s.Value, out distribution))
                            throw FormulaError.At(text, option.Value.Position,
                                $"dist must be one of {string.Join(", ", FormulaFunctions.Distributions.Keys.Select(k => $"\"{k}\""))}.");
                        break;
                    case "cor":
                        correlated &= option.Value is VariableExpression { Name: "TRUE" or "T" }
                            ? true
                            : option.Value is VariableExpression { Name: "FALSE" or "F" }
                                ? false
                                : throw FormulaError.At(text, option.Value.Position, "cor must be TRUE or FALSE.");
                        break;
                    default:
                        throw FormulaError.At(text, option.Position, $"gr() has no option '{option.Name}' here; the options are dist and cor.");
                }
            }
        }
        else factors = Factors(text, g.Group);

        var termText = text[g.Start..Math.Min(g.End, text.Length)];
        return factors.Select(f => new GroupTermSpec
        {
            Coefficients = coefficients,
            GroupVariables = f,
            Correlated = correlated,
            Distribution = distribution,
            Id = g.Id,
            Text = termText,
            Position = g.Start,
        }).ToArray();
    }

    // The bar side written with formula operators: g, g1:g2, a/b, a/b/c.
    private static IReadOnlyList<IReadOnlyList<VariableExpression>> Factors(string text, TermSyntax node) => node switch
    {
        AtomSyntax { Expression: var e } => Factors(text, e),
        OperatorSyntax { Operator: TokenKind.Colon } op => Cross(Factors(text, op.Left), Factors(text, op.Right)),
        OperatorSyntax { Operator: TokenKind.Slash } op => Nest(Factors(text, op.Left), Factors(text, op.Right)),
        OperatorSyntax op => throw FormulaError.At(text, op.OperatorPosition,
            "a grouping factor is a column, an interaction g1:g2 or a nesting a/b; write crossed factors as separate terms, (1 | a) + (1 | b)."),
        _ => throw FormulaError.At(text, node.Start, "expected a grouping factor (a column name) after the bar."),
    };

    // The same written as an expression (inside gr()).
    private static IReadOnlyList<IReadOnlyList<VariableExpression>> Factors(string text, Expression e) => e switch
    {
        VariableExpression v => [[v]],
        BinaryExpression { Operator: ':' } b => Cross(Factors(text, b.Left), Factors(text, b.Right)),
        BinaryExpression { Operator: '/' } b => Nest(Factors(text, b.Left), Factors(text, b.Right)),
        ParenthesizedExpression p => Factors(text, p.Inner),
        CallExpression { Function: "gr" } c => throw FormulaError.At(text, c.Position, "gr() must be the whole grouping side: (1 | gr(g, dist = \"student\"))."),
        _ => throw FormulaError.At(text, e.Position, "a grouping factor must be a column name (or g1:g2, a/b); transforms are not allowed here."),
    };

    private static IReadOnlyList<IReadOnlyList<VariableExpression>> Cross(
        IReadOnlyList<IReadOnlyList<VariableExpression>> a, IReadOnlyList<IReadOnlyList<VariableExpression>> b) =>
        a.SelectMany(x => b.Select(y => (IReadOnlyList<VariableExpression>)Distinct(x.Concat(y)))).ToArray();

    // a/b = a + a:b, where the outer factor is every column named on the left.
    private static IReadOnlyList<IReadOnlyList<VariableExpression>> Nest(
        IReadOnlyList<IReadOnlyList<VariableExpression>> a, IReadOnlyList<IReadOnlyList<VariableExpression>> b)
    {
        var outer = Distinct(a.SelectMany(x => x));
        return a.Concat(b.Select(y => (IReadOnlyList<VariableExpression>)Distinct(outer.Concat(y)))).ToArray();
    }

    private static VariableExpression[] Distinct(IEnumerable<VariableExpression> vs) =>
        vs.GroupBy(v => v.Name, StringComparer.Ordinal).Select(g => g.First()).ToArray();
}
