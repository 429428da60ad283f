// The design of a categorical model: the formula's columns and group-level terms copied once per non-reference category.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// Builds the frame of a categorical (multinomial-logit) model from the frame of its formula: every
/// non-reference category c = 2..K has its own linear predictor η_c = X β_c + Σ Z r_c (HGLM notes §6;
/// brms's <c>mu&lt;category&gt;</c> parameters), so X is copied once per category and every group-level term
/// becomes K − 1 uncorrelated terms, one per category. Names follow brms: the coefficients are
/// <c>muB_Intercept</c>, <c>muC_Intercept</c> (every intercept first), then <c>muB_x</c>, ..., <c>muC_x</c>, ...
/// (category by category); the terms of group g have the coefficients <c>muB_Intercept</c>, ... so that
/// their sds are <c>sd_g__muB_Intercept</c>. A term with brms's ID, <c>(1 | p | g)</c>, becomes one term whose
/// coefficients are every category's (<c>muB_Intercept</c>, <c>muC_Intercept</c>), correlated
/// (<c>cor_g__muB_Intercept__muC_Intercept</c>); its rows are stacked, N per category in category order
/// (row (c − 2) · N + n, the layout of the linear predictor), and Z is zero outside a coefficient's own category.
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
        var termPredictor = new List<IReadOnlyList<int>>();
        foreach (var term in frame.Groups)
        {
            string text = term.Text.Length > 0 ? term.Text : term.Group;
            if (term.Distribution != RandomEffectDistribution.Normal)
                throw new InputException(
                    $"The group-level term '{text}' asks for {term.Distribution.ToString().ToLowerInvariant()} effects; the categorical family takes normal group-level effects only.");
            if (term.Id is not null && frame.Groups.Count(t => t.Id == term.Id && t.Group == term.Group) > 1)
                throw new InputException(
                    $"Several group-level terms of '{term.Group}' share the ID '{term.Id}'; write their coefficients in one term, e.g. (1 + x | {term.Id} | {term.Group}).");
        }
        for (int c = 0; c < d; c++)
            foreach (var term in frame.Groups.Where(t => t.Id is null))
            {
                terms.Add(term with { CoefficientNames = term.CoefficientNames.Select(k => names[c] + "_" + k).ToArray() });
                termPredictor.Add(Enumerable.Repeat(c, term.CoefficientCount).ToArray());
            }
        foreach (var term in frame.Groups.Where(t => t.Id is not null))
        {
            var (stacked, predictorOfCoefficient) = Stacked(term, names, n);
            terms.Add(stacked);
            termPredictor.Add(predictorOfCoefficient);
        }

        var expanded = frame with
        {
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(n, source.Count, values),
                CoefficientNames = coefficientNames,
                InterceptColumn = -1, // several intercepts: see LinearPredictors.InterceptColumns
                InterceptIsExplicit = design.InterceptIsExplicit,
            },
            Groups = terms,
        };
        return (expanded, new LinearPredictors(names, predictor, source, intercepts, terms, termPredictor));
    }

    /// <summary>One term for every category's copy of <paramref name="term"/>, correlated, over N · D stacked rows.</summary>
    private static (GroupTerm Term, int[] PredictorOfCoefficient) Stacked(GroupTerm term, IReadOnlyList<string> names, int n)
    {
        int d = names.Count, k0 = term.CoefficientCount;
        var level = new int[n * d];
        var z = new ColumnMajorMatrix(n * d, k0 * d);
        var coefficientNames = new string[k0 * d];
        var predictor = new int[k0 * d];
        for (int c = 0; c < d; c++)
        {
            term.LevelOfObservation.CopyTo(level, c * n);
            for (int k = 0; k < k0; k++)
            {
                int column = c * k0 + k;
                coefficientNames[column] = names[c] + "_" + term.CoefficientNames[k];
                predictor[column] = c;
                term.Z.Column(k).CopyTo(z.Column(column).Slice(c * n, n));
            }
        }
        var stacked = term with
        {
            LevelOfObservation = level,
            Z = z,
            CoefficientNames = coefficientNames,
            Correlated = k0 * d > 1,
        };
        return (stacked, predictor);
    }
}
