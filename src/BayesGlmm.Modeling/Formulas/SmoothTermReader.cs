// Reads a smooth term's call, s(x, k = 10, bs = "cr", by = f), into a SmoothTermSpec with errors at the argument's position.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>Checks the arguments of <c>s(...)</c>: one covariate, then the named options k, bs and by.</summary>
internal static class SmoothTermReader
{
    /// <summary>The smooth term of one call of <c>s</c>.</summary>
    public static SmoothTermSpec Read(string text, CallExpression call)
    {
        if (call.Arguments.Count == 0)
            throw FormulaError.At(text, call.Position, "s() needs a covariate: s(x).");
        if (call.Arguments.Count > 1)
            throw FormulaError.At(text, call.Arguments[1].Position,
                "s() takes one covariate here (one-dimensional smooths); give the options by name: s(x, k = 10, bs = \"cr\", by = f).");
        var covariate = call.Arguments[0];
        FormulaValidation.CheckArithmetic(text, covariate);
        if (!covariate.Variables().Any())
            throw FormulaError.At(text, covariate.Position, "the covariate of s() must involve a column of the data.");
        var spec = new SmoothTermSpec
        {
            Covariate = covariate,
            Text = text.Substring(call.Position, CallLength(text, call.Position)),
            Position = call.Position,
        };
        foreach (var option in call.NamedArguments)
        {
            switch (option.Name)
            {
                case "k":
                    if (option.Value is not NumberExpression { Value: var k } || k != Math.Floor(k) || k < 3 || k > 1000)
                        throw FormulaError.At(text, option.Value.Position, "k, the basis dimension, must be a whole number from 3 to 1000, e.g. k = 10.");
                    spec = spec with { Dimension = (int)k };
                    break;
                case "bs":
                    spec = spec with
                    {
                        Basis = option.Value is StringExpression { Value: "tp" } ? SmoothBasisKind.ThinPlate
                            : option.Value is StringExpression { Value: "cr" } ? SmoothBasisKind.CubicRegression
                            : throw FormulaError.At(text, option.Value.Position,
                                "bs must be \"tp\" (thin plate regression spline, the default) or \"cr\" (cubic regression spline)."),
                    };
                    break;
                case "by":
                    spec = spec with
                    {
                        By = option.Value as VariableExpression
                             ?? throw FormulaError.At(text, option.Value.Position, "by must name a factor column of the data, e.g. by = f."),
                    };
                    break;
                default:
                    throw FormulaError.At(text, option.Position, $"s() has no option '{option.Name}' here; the options are k, bs and by.");
            }
        }
        return spec;
    }

    /// <summary>The length of the call starting at <paramref name="start"/> up to its matching closing parenthesis.</summary>
    private static int CallLength(string text, int start)
    {
        int depth = 0;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return i - start + 1;
        }
        return text.Length - start;
    }
}
