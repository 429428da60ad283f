// The design of a categorical model: the formula's columns and group-level terms copied once per non-reference category.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// Builds the frame of a categorical (multinomial-logit) model from the frame of its formula: every
/// non-reference category c = 2..K has its own linear predictor η_c = X β_c + Σ Z r_c (HGLM notes §6;
/// brms's <c>mu&lt;category&gt;</c> parameters), so X is copied once per category and every group-level term
/// becomes K − 1 uncorrelated terms, one per category. Names follow brms: the coefficients are
/// <c>muB_Intercept</c>, <c>muC_Intercept</c> (every intercept first), then <c>muB_x</c>, ..., <c>muC_x</c>, ...
/// (category by category); the terms of group g have the coefficients <c>muB_Intercept</c>, ... so that
/// their sds are <c>sd_g__muB_Intercept</c>.
/// </summary>
public static class CategoricalDesign
{
    /// <summary>
    /// The expanded frame and its predictor layout. <paramref name="categoryCount"/> is K;
    /// the category labels are the response's levels, or 1..K for an integer response.
    /// Throws <see cref="InputException"/> for a group-level term this model cannot copy per category.
    /// </summary>
    public static (ModelFrame Frame, LinearPredictors Predictors) Expand(ModelFrame frame, int categoryCount)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (categoryCount < 2) throw new ArgumentOutOfRangeException(nameof(categoryCount), "A categorical response has at least two categories.");
        var labels = frame.Response.Levels is { } levels
            ? levels.Skip(1).Take(categoryCount - 1).ToArray()
            : Enumerable.Range(2, categoryCount - 1).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var names = BrmsNames.CategoryParameters(labels, frame.Response.Name);
        int d = names.Count, n = frame.ObservationCount;
        var design = frame.Fixed;
        int p = design.X.Columns, ic = design.InterceptColumn;

        // Columns: every category's intercept, then category by category its other columns.
        var source = new List<int>();
        var predictor = new List<int>();
        var intercepts = Enumerable.Repeat(-1, d).ToArray();
        if (ic >= 0)
            for (int c = 0; c < d; c++) { intercepts[c] = source.Count; source.Add(ic); predictor.Add(c); }
        for (int c = 0; c < d; c++)
            for (int j = 0; j < p; j++)
                if (j != ic) { source.Add(j); predictor.Add(c); }
        var values = new double[n * source.Count];
        for (int j = 0; j < source.Count; j++) design.X.Column(source[j]).CopyTo(values.AsSpan(j * n, n));
        var coefficientNames = source.Select((j, k) => names[predictor[k]] + "_" + design.CoefficientNames[j]).ToArray();

        // Group-level terms: one copy per category, category by category.
        var terms = new List<GroupTerm>();
        var termPredictor = new List<int>();
        for (int c = 0; c < d; c++)
            foreach (var term in frame.Groups)
            {
                if (term.Distribution != RandomEffectDistribution.Normal)
                    throw new InputException(
                        $"The group-level term '{(term.Text.Length > 0 ? term.Text : term.Group)}' asks for {term.Distribution.ToString().ToLowerInvariant()} effects; the categorical family takes normal group-level effects only.");
                terms.Add(term with { CoefficientNames = term.CoefficientNames.Select(k => names[c] + "_" + k).ToArray() });
                termPredictor.Add(c);
            }

        var expanded = frame with
        {
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(n, source.Count, values),
                CoefficientNames = coefficientNames,
                InterceptColumn = -1, // several intercepts: see LinearPredictors.InterceptColumns
            },
            Groups = terms,
        };
        return (expanded, new LinearPredictors(names, predictor, source, intercepts, terms, termPredictor));
    }
}
