// Applies a formula to a data table: resolves columns, drops incomplete rows and builds X, Z, the response and the offset.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// Builds the <see cref="ModelFrame"/> of a formula on a data table, as brms's data preparation does: every
/// column the formula names must exist (else an error listing the nearest names); rows with a missing value
/// in any used column are dropped; the population-level design follows R's <c>model.matrix</c> with treatment
/// contrasts and brms names; each group term gets its levels (as brms prints them), level indices and Z.
/// All user errors are <see cref="InputException"/>s naming the column, row or formula position.
/// </summary>
public static class ModelFrameBuilder
{
    /// <summary>Builds the model frame of <paramref name="formula"/> on <paramref name="data"/>.</summary>
    public static ModelFrame Build(DataTable data, Formula formula)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(formula);
        var used = ResolveColumns(data, formula);
        var rows = CompleteRows(data, used, out int dropped);
        var context = new FrameContext(data, formula.Text, rows);

        var response = BuildResponse(formula, context);
        var design = DesignMatrixBuilder.Build(formula.Fixed, context, "the population-level terms");
        double[]? offset = null;
        foreach (var o in formula.Offsets)
        {
            var values = context.Evaluate(o, $"the offset {o.Deparse()}");
            if (offset is null) offset = values;
            else for (int i = 0; i < values.Length; i++) offset[i] += values[i];
        }
        var groups = formula.Groups.Select(g => BuildGroup(g, context)).ToArray();
        CheckDuplicateGroupEffects(groups, formula);

        return new ModelFrame
        {
            ObservationCount = rows.Length,
            Response = response,
            Fixed = new FixedEffectsDesign
            {
                X = design.Matrix, CoefficientNames = design.Names, InterceptColumn = design.InterceptColumn, InterceptIsExplicit = design.InterceptIsExplicit,
            },
            Offset = offset,
            Groups = groups,
            SourceRows = rows,
            DroppedRowCount = dropped,
            FormulaText = formula.Text,
            Warnings = FrameWarnings.For(groups),
        };
    }

    // brms rejects the same coefficient twice for one grouping factor, e.g. (1 | g) + (1 + x | g).
    private static void CheckDuplicateGroupEffects(IReadOnlyList<GroupTerm> groups, Formula formula)
    {
        var seen = new Dictionary<string, GroupTerm>(StringComparer.Ordinal);
        foreach (var g in groups)
            foreach (var c in g.CoefficientNames)
                if (!seen.TryAdd(g.Group + "\u0000" + c, g))
                {
                    var first = seen[g.Group + "\u0000" + c];
                    throw new InputException(
                        $"The group-level effect '{c}' of '{g.Group}' appears twice in '{formula.Text}' ({first.Text} and {g.Text}); give each effect once.");
                }
    }

    // Every variable the formula reads, checked against the table; returns the columns used, in formula order.
    private static IReadOnlyList<DataColumn> ResolveColumns(DataTable data, Formula formula)
    {
        var variables = new List<VariableExpression>();
        var r = formula.Response;
        foreach (var e in new[] { r.Expression, r.Failures, r.Trials, r.StandardError })
            if (e is not null) variables.AddRange(e.Variables());
        foreach (var t in formula.Fixed.Terms) foreach (var f in t.Factors) variables.AddRange(TermVariables(f));
        foreach (var o in formula.Offsets) variables.AddRange(o.Variables());
        foreach (var g in formula.Groups)
        {
            foreach (var t in g.Coefficients.Terms) foreach (var f in t.Factors) variables.AddRange(TermVariables(f));
            variables.AddRange(g.GroupVariables);
        }
        var unknown = variables.Where(v => data.Find(v.Name) is null).OrderBy(v => v.Position).FirstOrDefault();
        if (unknown is not null)
        {
            var nearest = ColumnSuggestions.Nearest(unknown.Name, data.Columns.Select(c => c.Name));
            throw FormulaError.At(formula.Text, unknown.Position,
                $"column '{unknown.Name}' is not in {data.DisplayName}. "
                + (nearest.Count == 0 ? "The data has no columns." : $"Nearest columns: {string.Join(", ", nearest)}."));
        }
        var columns = new List<DataColumn>();
        foreach (var v in variables)
        {
            var c = data.Find(v.Name)!;
            if (!columns.Contains(c)) columns.Add(c);
        }
        return columns;

        // A term that is exactly "Intercept" is brms's explicit intercept unless the data has such a column.
        IEnumerable<VariableExpression> TermVariables(Expression f) =>
            f is VariableExpression { Name: FrameContext.InterceptName } && data.Find(FrameContext.InterceptName) is null ? [] : f.Variables();
    }

    private static int[] CompleteRows(DataTable data, IReadOnlyList<DataColumn> used, out int dropped)
    {
        var rows = new List<int>(data.RowCount);
        for (int i = 0; i < data.RowCount; i++)
        {
            bool complete = true;
            foreach (var c in used) if (c.IsMissing(i)) { complete = false; break; }
            if (complete) rows.Add(i);
        }
        dropped = data.RowCount - rows.Count;
        if (rows.Count == 0)
        {
            var counts = used.Select(c => (c.Name, Missing: Enumerable.Range(0, data.RowCount).Count(c.IsMissing)))
                .Where(x => x.Missing > 0).Select(x => $"{x.Name}: {x.Missing} missing");
            throw new InputException(
                $"All {data.RowCount} rows of {data.DisplayName} have a missing value (NA or empty) in a column the model uses ({string.Join(", ", counts)}); nothing is left to fit.");
        }
        return rows.ToArray();
    }

    private static ResponseData BuildResponse(Formula formula, FrameContext context)
    {
        var spec = formula.Response;
        bool numericUse = spec.Trials is not null || spec.Failures is not null || spec.StandardError is not null;
        double[] values;
        IReadOnlyList<string>? levels = null;
        if (!numericUse && spec.Expression is VariableExpression v && context.Column(v) is { IsCategorical: true } column
            && (column.IsDeclaredFactor || !column.LevelsAreNumbers))
        {
            var (used, codes) = context.FactorLevels(column);
            values = codes.Select(c => (double)c).ToArray();
            levels = used;
        }
        else values = context.Evaluate(spec.Expression, $"the response {spec.Expression.Deparse()}");

        double[]? trials = null;
        if (spec.Trials is { } t) trials = context.Evaluate(t, $"trials({t.Deparse()})");
        if (spec.Failures is { } f)
        {
            var failures = context.Evaluate(f, $"the failures {f.Deparse()} of cbind()");
            trials = new double[values.Length];
            for (int i = 0; i < trials.Length; i++) trials[i] = values[i] + failures[i];
        }
        double[]? se = null;
        if (spec.StandardError is { } s) se = context.Evaluate(s, $"se({s.Deparse()})");
        return new ResponseData { Name = spec.Text, Values = values, Trials = trials, KnownStandardErrors = se, Levels = levels };
    }

    private static GroupTerm BuildGroup(GroupTermSpec spec, FrameContext context)
    {
        var (levels, index) = GroupLevels(spec, context);
        if (levels.Count < 2)
            throw FormulaError.At(context.FormulaText, spec.GroupVariables[0].Position,
                $"the grouping factor '{spec.GroupName}' of {spec.Text} has only one level ('{levels.FirstOrDefault()}') in the {context.Rows.Length} rows used; a group-level term needs at least two groups (drop the term or check the data).");
        var design = DesignMatrixBuilder.Build(spec.Coefficients, context, spec.Text);
        return new GroupTerm
        {
            Group = spec.GroupName,
            Levels = levels.Select(BrmsNames.Level).ToArray(),
            LevelOfObservation = index,
            CoefficientNames = design.Names,
            Z = design.Matrix,
            Correlated = spec.Correlated && design.Names.Count > 1,
            Distribution = spec.Distribution,
            Id = spec.Id,
            Text = spec.Text,
        };
    }

    // The levels of a grouping factor over the kept rows: a column's values (numeric columns become factors
    // with numerically sorted levels), or for g1:g2 the values pasted with "_" and sorted as strings (brms).
    private static (IReadOnlyList<string> Levels, int[] Index) GroupLevels(GroupTermSpec spec, FrameContext context)
    {
        var rows = context.Rows;
        var labels = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            labels[i] = string.Join("_", spec.GroupVariables.Select(v => CellText(context.Column(v), rows[i])));
        IReadOnlyList<string> levels;
        if (spec.GroupVariables.Count == 1 && context.Column(spec.GroupVariables[0]) is { IsCategorical: true } column)
            levels = context.FactorLevels(column).Levels;
        else
            levels = LevelOrder.Sort(labels);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < levels.Count; k++) position[levels[k]] = k;
        return (levels, labels.Select(l => position[l]).ToArray());
    }

    private static string CellText(DataColumn column, int row) =>
        column.IsCategorical ? column.Raw[row]! : NumberText.Format(column.Numbers[row]);
}
