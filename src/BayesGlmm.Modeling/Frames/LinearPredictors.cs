// Which linear predictor each population-level column and each group-level term of a model feeds.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// The linear predictors of a model and what feeds each: one predictor for every family but the
/// categorical one, whose K − 1 predictors (brms's distributional parameters <c>muB</c>, <c>muC</c>, ...)
/// each have their own population-level columns and their own group-level terms (see
/// <see cref="CategoricalDesign"/>). The linear predictor of a model is N × <see cref="Count"/>,
/// column-major: predictor d of observation n is element d · N + n.
/// </summary>
public sealed class LinearPredictors
{
    private readonly Dictionary<GroupTerm, int[]> _coefficientPredictor;

    /// <summary>Describes the predictors of a design whose columns and terms are assigned as given.</summary>
    /// <param name="names">brms's name of each predictor (<c>""</c> for the single predictor of a one-predictor family).</param>
    /// <param name="columnPredictor">Per column of the design, the predictor it feeds.</param>
    /// <param name="sourceColumn">Per column of the design, the column of the formula's design it copies.</param>
    /// <param name="interceptColumns">Per predictor, its intercept column, or −1.</param>
    /// <param name="terms">The group-level terms of the frame.</param>
    /// <param name="coefficientPredictors">Per term of <paramref name="terms"/>, the predictor each of its coefficients feeds
    /// (all the same except for a term correlated across the categories, <c>(1 | p | g)</c>).</param>
    public LinearPredictors(IReadOnlyList<string> names, IReadOnlyList<int> columnPredictor, IReadOnlyList<int> sourceColumn,
        IReadOnlyList<int> interceptColumns, IReadOnlyList<GroupTerm> terms, IReadOnlyList<IReadOnlyList<int>> coefficientPredictors)
    {
        if (names.Count == 0) throw new ArgumentException("A model has at least one linear predictor.", nameof(names));
        if (columnPredictor.Count != sourceColumn.Count) throw new ArgumentException("One source column per column.", nameof(sourceColumn));
        if (interceptColumns.Count != names.Count) throw new ArgumentException("One intercept column (or −1) per predictor.", nameof(interceptColumns));
        if (terms.Count != coefficientPredictors.Count) throw new ArgumentException("One predictor list per term.", nameof(coefficientPredictors));
        Names = names;
        ColumnPredictor = columnPredictor.ToArray();
        SourceColumn = sourceColumn.ToArray();
        InterceptColumns = interceptColumns.ToArray();
        _coefficientPredictor = new Dictionary<GroupTerm, int[]>(ReferenceEqualityComparer.Instance);
        for (int t = 0; t < terms.Count; t++)
        {
            if (coefficientPredictors[t].Count != terms[t].CoefficientCount)
                throw new ArgumentException($"Term {t} has {terms[t].CoefficientCount} coefficients.", nameof(coefficientPredictors));
            _coefficientPredictor[terms[t]] = coefficientPredictors[t].ToArray();
        }
    }

    /// <summary>The single predictor of <paramref name="frame"/>: every column and every term feeds it.</summary>
    public static LinearPredictors Single(ModelFrame frame)
    {
        int p = frame.Fixed.X.Columns;
        return new LinearPredictors([""], new int[p], Enumerable.Range(0, p).ToArray(), [frame.Fixed.InterceptColumn],
            frame.Groups, frame.Groups.Select(t => (IReadOnlyList<int>)new int[t.CoefficientCount]).ToArray());
    }

    /// <summary>The number of linear predictors.</summary>
    public int Count => Names.Count;

    /// <summary>brms's name of each predictor: <c>""</c> for a one-predictor family, <c>muB</c>, <c>muC</c>, ... for the categorical one.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per column of the design, the predictor it feeds.</summary>
    public int[] ColumnPredictor { get; }

    /// <summary>Per column of the design, the column of the formula's own design it copies.</summary>
    public int[] SourceColumn { get; }

    /// <summary>Per predictor, its intercept column in the design, or −1.</summary>
    public int[] InterceptColumns { get; }

    /// <summary>Whether <paramref name="column"/> is the intercept of its predictor.</summary>
    public bool IsIntercept(int column) => InterceptColumns[ColumnPredictor[column]] == column;

    /// <summary>
    /// The predictor a group-level term of the frame feeds: 0 for a term this layout does not know (as in a
    /// one-predictor model), −1 for a term whose coefficients feed different predictors (<c>(1 | p | g)</c>:
    /// its rows are then stacked, N per predictor, see <see cref="CategoricalDesign"/>).
    /// </summary>
    public int PredictorOf(GroupTerm term)
    {
        if (!_coefficientPredictor.TryGetValue(term, out var predictors) || predictors.Length == 0) return 0;
        return predictors.All(d => d == predictors[0]) ? predictors[0] : -1;
    }

    /// <summary>The predictor coefficient <paramref name="k"/> of <paramref name="term"/> feeds.</summary>
    public int PredictorOf(GroupTerm term, int k) => _coefficientPredictor.TryGetValue(term, out var predictors) ? predictors[k] : 0;

    /// <summary>
    /// The coefficient name of a term's coefficient without its predictor's prefix (<c>muB_Intercept</c> →
    /// <c>Intercept</c>), as brms writes it inside <c>r_g__muB[level,Intercept]</c>.
    /// </summary>
    public string Unprefixed(int predictor, string coefficient)
    {
        string name = Names[predictor];
        return name.Length > 0 && coefficient.StartsWith(name + "_", StringComparison.Ordinal) ? coefficient[(name.Length + 1)..] : coefficient;
    }

    /// <summary>A coefficient name with the predictor's prefix (<c>muB_x</c>), or unchanged for the single predictor.</summary>
    public string Prefixed(int predictor, string coefficient) =>
        Names[predictor].Length == 0 ? coefficient : Names[predictor] + "_" + coefficient;
}
