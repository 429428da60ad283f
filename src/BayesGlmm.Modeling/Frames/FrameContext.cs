// What building a model frame needs throughout: the data, the formula text and the rows kept.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// The data, the formula and the kept rows, with the evaluation of expressions over those rows. A context
/// with a <see cref="Reference"/> codes new data as the reference (fitted) data was coded: which term
/// factors are categorical and their levels come from the reference, and a level the reference did not
/// have is an error naming the column, row and level.
/// </summary>
internal sealed class FrameContext(DataTable data, string formulaText, int[] rows, FrameContext? reference = null)
{
    /// <summary>The reserved name of brms's explicit intercept (<c>0 + Intercept</c>).</summary>
    public const string InterceptName = "Intercept";

    public DataTable Data { get; } = data;

    public string FormulaText { get; } = formulaText;

    /// <summary>The 0-based data rows kept, in order.</summary>
    public int[] Rows { get; } = rows;

    /// <summary>The context of the fitted data whose coding new data follows, or null when this is the fitted data.</summary>
    public FrameContext? Reference { get; } = reference;

    /// <summary>Whether <paramref name="e"/> is brms's explicit intercept rather than a column.</summary>
    public bool IsInterceptConstant(Expression e) => e is VariableExpression { Name: InterceptName } && Data.Find(InterceptName) is null;

    /// <summary>The column a variable names (checked to exist before evaluation).</summary>
    public DataColumn Column(VariableExpression v) =>
        Data.Find(v.Name) ?? throw new InvalidOperationException($"Column '{v.Name}' was not resolved.");

    /// <summary>Whether a term factor is categorical: a categorical column named on its own, or <c>factor(x)</c>.</summary>
    public bool IsFactor(Expression e) => Reference is { } r ? r.IsFactor(e) : e switch
    {
        VariableExpression v => !IsInterceptConstant(v) && IsCategoricalColumn(Column(v)),
        CallExpression { Function: "factor", Arguments: [VariableExpression] } => true,
        _ => false,
    };

    /// <summary>
    /// The levels over the kept rows of a categorical term factor (see <see cref="IsFactor"/>) and each kept
    /// row's level. <c>factor(x)</c> of a numeric column sorts its values numerically, as R's factor() does.
    /// </summary>
    public (VariableExpression Variable, IReadOnlyList<string> Levels, int[] Codes) Factor(Expression e)
    {
        if (Reference is { } reference)
        {
            var (variable, levels, _) = reference.Factor(e);
            return (variable, levels, CodesInReferenceLevels(Column(variable), levels));
        }
        switch (e)
        {
            case VariableExpression v:
                {
                    var (levels, codes) = FactorLevels(Column(v));
                    return (v, levels, codes);
                }
            case CallExpression { Function: "factor", Arguments: [VariableExpression v] }:
                {
                    var column = Column(v);
                    if (column.IsCategorical)
                    {
                        var (levels, codes) = FactorLevels(column);
                        return (v, levels, codes);
                    }
                    var labels = Rows.Select(r => NumberText.Format(column.Numbers[r])).ToArray();
                    var sorted = LevelOrder.Sort(labels);
                    var index = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int k = 0; k < sorted.Count; k++) index[sorted[k]] = k;
                    return (v, sorted, labels.Select(l => index[l]).ToArray());
                }
            default:
                throw new InvalidOperationException($"'{e.Deparse()}' is not a categorical term.");
        }
    }

    /// <summary>
    /// The value of a numeric expression on every kept row. <paramref name="role"/> names its use in messages
    /// ("the response", "the offset"). A categorical column is accepted only when every level spells a
    /// number and it was not declared a factor.
    /// </summary>
    public double[] Evaluate(Expression e, string role)
    {
        var values = EvaluateCore(e, role);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new InputException(
                    $"{Capitalised(role)} {e.Deparse()} is {Describe(values[i])} in row {Rows[i] + 1} of {Data.DisplayName}; "
                    + "check the data there (a log of 0, a division by 0, or an infinite value).");
        return values;
    }

    private static string Describe(double v) => double.IsNaN(v) ? "not a number" : "infinite";

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private double[] EvaluateCore(Expression e, string role)
    {
        int n = Rows.Length;
        switch (e)
        {
            case NumberExpression num:
                {
                    var r = new double[n];
                    Array.Fill(r, num.Value);
                    return r;
                }
            case VariableExpression v when IsInterceptConstant(v):
                {
                    var r = new double[n];
                    Array.Fill(r, 1.0);
                    return r;
                }
            case VariableExpression v:
                {
                    var column = Column(v);
                    if (column.IsCategorical) RefuseDecimalCommas(column);
                    if (column.IsCategorical && (column.IsDeclaredFactor || !column.LevelsAreNumbers))
                        throw FormulaError.At(FormulaText, v.Position,
                            $"column '{v.Name}' is not numeric (values such as {Examples(column)}), but {role} needs numbers.");
                    var r = new double[n];
                    for (int i = 0; i < n; i++) r[i] = column.Numbers[Rows[i]];
                    return r;
                }
            case ParenthesizedExpression p:
                return EvaluateCore(p.Inner, role);
            case UnaryExpression u:
                {
                    var r = EvaluateCore(u.Operand, role);
                    if (u.Operator == '-') for (int i = 0; i < n; i++) r[i] = -r[i];
                    return r;
                }
            case BinaryExpression b:
                {
                    var l = EvaluateCore(b.Left, role);
                    var r = EvaluateCore(b.Right, role);
                    for (int i = 0; i < n; i++)
                        l[i] = b.Operator switch
                        {
                            '+' => l[i] + r[i],
                            '-' => l[i] - r[i],
                            '*' => l[i] * r[i],
                            '/' => l[i] / r[i],
                            '^' => Math.Pow(l[i], r[i]),
                            _ => throw FormulaError.At(FormulaText, b.Position, $"'{b.Operator}' is not arithmetic."),
                        };
                    return l;
                }
            case CallExpression c when FormulaFunctions.Transforms.TryGetValue(c.Function, out var f) && c.Arguments.Count == 1:
                {
                    var r = EvaluateCore(c.Arguments[0], role);
                    for (int i = 0; i < n; i++) r[i] = f(r[i]);
                    return r;
                }
            default:
                throw FormulaError.At(FormulaText, e.Position, $"'{e.Deparse()}' cannot be evaluated as a number.");
        }
    }

    /// <summary>
    /// Each kept row's index into <paramref name="levels"/> (the reference's levels of a term factor): the
    /// cell's text, or when no level has that text, the level that spells the same number (a fitted level
    /// "2" matches a new cell 2.0). A cell matching no level throws <see cref="InputException"/>.
    /// </summary>
    private int[] CodesInReferenceLevels(DataColumn column, IReadOnlyList<string> levels)
    {
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        var numeric = new Dictionary<double, int>();
        for (int k = 0; k < levels.Count; k++)
        {
            exact.TryAdd(levels[k], k);
            if (NumberText.TryParse(levels[k], out double x)) numeric.TryAdd(x, k);
        }
        var codes = new int[Rows.Length];
        for (int i = 0; i < Rows.Length; i++)
        {
            string text = column.IsCategorical ? column.Raw[Rows[i]]! : NumberText.Format(column.Numbers[Rows[i]]);
            if (exact.TryGetValue(text, out int k)
                || (NumberText.TryParse(text, out double x) && numeric.TryGetValue(x, out k)))
            {
                codes[i] = k;
                continue;
            }
            throw new InputException(
                $"{Data.DisplayName}, row {Rows[i] + 1}, column '{column.Name}': level '{text}' was not in the data the model was fitted to "
                + $"(levels: {string.Join(", ", levels.Take(10).Select(l => $"'{l}'"))}{(levels.Count > 10 ? ", ..." : "")}); "
                + "a population-level factor can take only the levels it was fitted with.");
        }
        return codes;
    }

    // A categorical column named as a term factor; one of numbers with decimal commas is refused.
    private bool IsCategoricalColumn(DataColumn column)
    {
        if (column.IsCategorical) RefuseDecimalCommas(column);
        return column.IsCategorical;
    }

    /// <summary>
    /// Throws when a column that is not declared a factor holds numbers written with decimal commas (<c>"1,5"</c>, as
    /// spreadsheets in many European locales export them): read as text, it would silently become a factor with one
    /// level per value. The message names the file, row, column and value.
    /// </summary>
    private void RefuseDecimalCommas(DataColumn column)
    {
        if (column.IsDeclaredFactor || !NumberText.HasDecimalCommas(column)) return;
        int row = NumberText.FirstDecimalCommaRow(column, Rows);
        if (row < 0) row = NumberText.FirstDecimalCommaRow(column, Enumerable.Range(0, column.RowCount));
        throw new InputException(
            $"{Data.DisplayName}, row {row + 1}, column '{column.Name}': '{column.Raw[row]}' is a number written with a decimal comma, "
            + "which makes the column text (a factor with one level per value). Write numbers with a decimal point (1.5, not 1,5), "
            + "e.g. re-export the file with '.' as the decimal separator; if the column is a factor, declare it (\"factors\").")
        {
            Remedy = new SettingRemedy(SettingRemedy.Factors, column.Name),
        };
    }

    /// <summary>A few of a column's values for messages.</summary>
    public static string Examples(DataColumn column) =>
        string.Join(", ", column.Levels.Take(3).Select(l => $"'{l}'")) + (column.Levels.Count > 3 ? ", ..." : "");

    /// <summary>
    /// The levels of a factor over the kept rows (unused levels dropped, as brms's model frame does), in
    /// the column's order, and each kept row's 0-based index into them.
    /// </summary>
    public (IReadOnlyList<string> Levels, int[] Codes) FactorLevels(DataColumn column)
    {
        var used = new bool[column.Levels.Count];
        foreach (int row in Rows) used[column.Codes[row]] = true;
        var remap = new int[used.Length];
        var levels = new List<string>();
        for (int k = 0; k < used.Length; k++)
        {
            remap[k] = used[k] ? levels.Count : -1;
            if (used[k]) levels.Add(column.Levels[k]);
        }
        var codes = new int[Rows.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = remap[column.Codes[Rows[i]]];
        return (levels, codes);
    }
}
