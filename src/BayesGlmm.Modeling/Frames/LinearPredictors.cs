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
    private readonly Dictionary<GroupTerm, int> _termPredictor;

    /// <summary>Describes the predictors of a design whose columns and terms are assigned as given.</summary>
    /// <param name="names">brms's name of each predictor (<c>""</c> for the single predictor of a one-predictor family).</param>
    /// <param name="columnPredictor">Per column of the design, the predictor it feeds.</param>
    /// <param name="sourceColumn">Per column of the design, the column of the formula's design it copies.</param>
    /// <param name="interceptColumns">Per predictor, its intercept column, or −1.</param>
    /// <param name="terms">The group-level terms of the frame.</param>
    /// <param name="termPredictor">Per term of <paramref name="terms"/>, the predictor it feeds.</param>
    public LinearPredictors(IReadOnlyList<string> names, IReadOnlyList<int> columnPredictor, IReadOnlyList<int> sourceColumn,
        IReadOnlyList<int> interceptColumns, IReadOnlyList<GroupTerm> terms, IReadOnlyList<int> termPredictor)
    {
        if (names.Count == 0) throw new ArgumentException("A model has at least one linear predictor.", nameof(names));
        if (columnPredictor.Count != sourceColumn.Count) throw new ArgumentException("One source column per column.", nameof(sourceColumn));
        if (interceptColumns.Count != names.Count) throw new ArgumentException("One intercept column (or −1) per predictor.", nameof(interceptColumns));
        if (terms.Count != termPredictor.Count) throw new ArgumentException("One predictor per term.", nameof(termPredictor));
        Names = names;
        ColumnPredictor = columnPredictor.ToArray();
        SourceColumn = sourceColumn.ToArray();
        InterceptColumns = interceptColumns.ToArray();
        _termPredictor = new Dictionary<GroupTerm, int>(ReferenceEqualityComparer.Instance);
        for (int t = 0; t < terms.Count; t++) _termPredictor[terms[t]] = termPredictor[t];
    }

    /// <summary>The single predictor of <paramref name="frame"/>: every column and every term feeds it.</summary>
    public static LinearPredictors Single(ModelFrame frame)
    {
        int p = frame.Fixed.X.Columns;
        return new LinearPredictors([""], new int[p], Enumerable.Range(0, p).ToArray(), [frame.Fixed.InterceptColumn],
            frame.Groups, new int[frame.Groups.Count]);
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

    /// <summary>The predictor a group-level term of the frame feeds (0 for a term this layout does not know, as in a one-predictor model).</summary>
    public int PredictorOf(GroupTerm term) => _termPredictor.GetValueOrDefault(term);

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
