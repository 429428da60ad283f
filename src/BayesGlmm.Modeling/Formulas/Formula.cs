// A parsed lme4/brms model formula: response, population-level terms, offsets and group-level terms.
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// A model formula in the syntax of DESIGN.md §2: <c>y ~ 1 + x + f + x:f + (1 + x | g) + (1 | a/b) + offset(log(t))</c>,
/// responses <c>r | trials(n)</c>, <c>cbind(r, n - r)</c> and <c>y | se(s)</c>, random-effect distributions
/// <c>(1 | gr(g, dist = "student"))</c>, smooth terms <c>s(x, k = 10, bs = "cr", by = f)</c>. Parsing checks syntax only;
/// column names are checked against the
/// data by <see cref="ModelFrameBuilder"/>.
/// </summary>
public sealed class Formula
{
    private Formula(string text, ResponseSpec response, TermList fixedTerms, IReadOnlyList<Expression> offsets, IReadOnlyList<GroupTermSpec> groups,
        IReadOnlyList<SmoothTermSpec> smooths)
    {
        Text = text;
        Response = response;
        Fixed = fixedTerms;
        Offsets = offsets;
        Groups = groups;
        Smooths = smooths;
    }

    /// <summary>The formula as written.</summary>
    public string Text { get; }

    /// <summary>The left-hand side.</summary>
    public ResponseSpec Response { get; }

    /// <summary>The population-level terms (intercept flag and terms in R's order).</summary>
    public TermList Fixed { get; }

    /// <summary>The offsets, summed (usually none or one).</summary>
    public IReadOnlyList<Expression> Offsets { get; }

    /// <summary>The group-level terms after expansion, in formula order.</summary>
    public IReadOnlyList<GroupTermSpec> Groups { get; }

    /// <summary>The smooth terms <c>s(...)</c>, in formula order.</summary>
    public IReadOnlyList<SmoothTermSpec> Smooths { get; }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Parses <paramref name="text"/>. Bad syntax throws <see cref="InputException"/> whose message names the
    /// position and whose <see cref="InputException.Details"/> show the formula with a caret under it.
    /// </summary>
    public static Formula Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (responseExpression, responseEnd, additions, rhs) = FormulaParser.Parse(text);
        var response = BuildResponse(text, responseExpression, responseEnd, additions);
        var (terms, offsets, groupSyntax, smoothCalls) = TermAlgebra.ExpandFormula(text, rhs);
        var groups = new List<GroupTermSpec>();
        foreach (var g in groupSyntax) groups.AddRange(GroupTermReader.Read(text, g));
        var smooths = smoothCalls.Select(c => SmoothTermReader.Read(text, c)).ToArray();
        var duplicate = smooths.GroupBy(s => s.MgcvLabel + "|" + s.By?.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw FormulaError.At(text, duplicate.Last().Position, $"the smooth {duplicate.Key.Split('|')[0]} appears twice; give it once.");
        return new Formula(text, response, terms, offsets, groups, smooths);
    }

    private static ResponseSpec BuildResponse(string text, Expression e, int end, IReadOnlyList<CallExpression> additions)
    {
        // The response text runs from the start of the formula to the bar or '~'.
        var responseText = text[..end].Trim();
        Expression? failures = null;
        if (e is CallExpression { Function: "cbind" } cbind)
        {
            if (cbind.Arguments.Count != 2 || cbind.NamedArguments.Count != 0)
                throw FormulaError.At(text, cbind.Position, "cbind() takes two arguments: cbind(successes, failures), e.g. cbind(r, n - r).");
            FormulaValidation.CheckArithmetic(text, cbind.Arguments[0]);
            FormulaValidation.CheckArithmetic(text, cbind.Arguments[1]);
            e = cbind.Arguments[0];
            failures = cbind.Arguments[1];
        }
        else FormulaValidation.CheckArithmetic(text, e);

        Expression? trials = null, se = null;
        foreach (var a in additions)
        {
            switch (a.Function)
            {
                case "trials" or "se":
                    if (a.Arguments.Count != 1 || a.NamedArguments.Count != 0)
                        throw FormulaError.At(text, a.Position, $"{a.Function}() takes one argument, e.g. {a.Function}(n).");
                    FormulaValidation.CheckArithmetic(text, a.Arguments[0]);
                    if (a.Function == "trials")
                    {
                        if (trials is not null) throw FormulaError.At(text, a.Position, "trials(...) is given twice.");
                        if (failures is not null) throw FormulaError.At(text, a.Position, "cbind(successes, failures) already gives the trials; drop trials(...).");
                        trials = a.Arguments[0];
                    }
                    else
                    {
                        if (se is not null) throw FormulaError.At(text, a.Position, "se(...) is given twice.");
                        se = a.Arguments[0];
                    }
                    break;
                default:
                    throw FormulaError.At(text, a.Position,
                        $"'{a.Function}(...)' is not a supported response addition; use trials(n) for binomial trials or se(s) for known standard errors.");
            }
        }
        return new ResponseSpec { Expression = e, Text = responseText, Trials = trials, Failures = failures, StandardError = se };
    }
}
