// Codes new data exactly as a fitted model's data was coded: the same factor levels, contrasts and columns of X, Z, offset and trials.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Modeling.Frames;

/// <summary>How much of the group-level terms new data must supply.</summary>
public enum GroupTermUse
{
    /// <summary>None: the group-level effects are set to zero (no Z, no grouping columns read).</summary>
    None,
    /// <summary>The Z columns only (effects integrated over their distribution; grouping columns not read).</summary>
    Covariates,
    /// <summary>The Z columns and each row's group (fitted or new effects per group).</summary>
    CovariatesAndGroups,
}

/// <summary>
/// Builds the <see cref="NewDataFrame"/> of new data for a fitted model, reusing the model-matrix code of
/// <see cref="ModelFrameBuilder"/> with the fitted data as reference: a categorical term factor keeps the
/// fitted levels (so contrasts and the columns of X are those of the fit, whatever levels the new rows
/// happen to contain), a level the fit did not see is an <see cref="InputException"/> naming the file,
/// row, column and level. The response is not read; binomial trials are (E[y] = trials · μ).
/// </summary>
public static class NewDataFrameBuilder
{
    /// <summary>
    /// Codes <paramref name="newData"/> (the rows <paramref name="rows"/>, 0-based, or every row) for the model
    /// whose frame <paramref name="fitted"/> was built by <see cref="ModelFrameBuilder.Build"/> from
    /// <paramref name="fitData"/> and <paramref name="formula"/>. A column the model needs that the new data
    /// lacks, or a missing value in one, throws <see cref="InputException"/> naming the column and row.
    /// </summary>
    public static NewDataFrame Build(DataTable fitData, Formula formula, ModelFrame fitted, DataTable newData, GroupTermUse use,
        IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(fitData);
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(newData);
        if (formula.Groups.Count != fitted.Groups.Count)
            throw new ArgumentException("The formula's group-level terms do not match the fitted frame's.", nameof(formula));

        var needed = NeededColumns(formula, fitted, use, fitData);
        foreach (var (name, role) in needed)
            if (newData.Find(name) is null)
                throw new InputException(
                    $"{newData.DisplayName} has no column '{name}', which {role} uses; add it "
                    + $"(the columns there: {string.Join(", ", newData.Columns.Take(12).Select(c => c.Name))}{(newData.Columns.Count > 12 ? ", ..." : "")}).");
        int[] kept = rows?.ToArray() ?? Enumerable.Range(0, newData.RowCount).ToArray();
        if (kept.Length == 0) throw new InputException($"{newData.DisplayName} has no rows to predict for.");
        foreach (int row in kept)
            foreach (var (name, role) in needed)
                if (newData.Find(name)!.IsMissing(row))
                    throw new InputException(
                        $"{newData.DisplayName}, row {row + 1}: column '{name}' (used by {role}) is missing (NA or empty); give a value in every column the model uses.");

        var reference = new FrameContext(fitData, formula.Text, fitted.SourceRows);
        var context = new FrameContext(newData, formula.Text, kept, reference);
        var design = DesignMatrixBuilder.Build(formula.Fixed, context, "the population-level terms");
        int smoothColumns = fitted.Fixed.SmoothColumnCount;
        var x = SelectColumns(design, fitted.Fixed.CoefficientNames.Take(fitted.Fixed.X.Columns - smoothColumns).ToArray(), kept.Length);
        var smooths = new List<Smooths.SmoothPart>();
        for (int t = 0; t < fitted.Smooths.Count; t++)
        {
            var term = fitted.Smooths[t];
            var values = context.Evaluate(term.Spec.Covariate, $"the smooth term {term.Spec.Text}");
            var parts = term.Spec.By is null ? term.Evaluate(values) : term.Evaluate(values, context.Factor(term.Spec.By).Codes);
            smooths.AddRange(parts);
        }
        var names = fitted.Fixed.CoefficientNames;
        (x, _) = ModelFrameBuilder.WithSmoothColumns(x, names, [smooths]);

        double[]? offset = null;
        foreach (var o in formula.Offsets)
        {
            var values = context.Evaluate(o, $"the offset {o.Deparse()}");
            if (offset is null) offset = values;
            else for (int i = 0; i < values.Length; i++) offset[i] += values[i];
        }

        double[]? trials = null;
        if (fitted.Response.Trials is not null)
        {
            var spec = formula.Response;
            if (spec.Trials is { } t) trials = context.Evaluate(t, $"trials({t.Deparse()})");
            else if (spec.Failures is { } f)
            {
                var successes = context.Evaluate(spec.Expression, $"the successes {spec.Expression.Deparse()} of cbind()");
                trials = context.Evaluate(f, $"the failures {f.Deparse()} of cbind()");
                for (int i = 0; i < trials.Length; i++) trials[i] += successes[i];
            }
            if (trials is not null)
                for (int i = 0; i < trials.Length; i++)
                    if (!(trials[i] >= 1) || Math.Floor(trials[i]) != trials[i] || trials[i] > int.MaxValue)
                        throw new InputException($"{newData.DisplayName}, row {kept[i] + 1}: the trials are {NumberText.Format(trials[i])}; trials must be whole numbers ≥ 1.");
        }

        var groups = new List<NewGroupData>();
        if (use != GroupTermUse.None)
            for (int t = 0; t < fitted.Groups.Count; t++)
                groups.Add(BuildGroup(formula.Groups[t], fitted.Groups[t], context, use == GroupTermUse.CovariatesAndGroups));

        return new NewDataFrame
        {
            Source = newData.DisplayName,
            RowCount = kept.Length,
            SourceRows = kept,
            X = x,
            Offset = offset,
            Trials = trials,
            Groups = groups,
            Smooths = smooths,
        };
    }

    // Every column the prediction reads, with the part of the model that reads it (for messages), in formula order.
    private static List<(string Name, string Role)> NeededColumns(Formula formula, ModelFrame fitted, GroupTermUse use, DataTable fitData)
    {
        var result = new List<(string, string)>();
        void Add(IEnumerable<VariableExpression> variables, string role)
        {
            foreach (var v in variables)
            {
                if (v.Name == FrameContext.InterceptName && fitData.Find(v.Name) is null) continue;
                if (!result.Any(r => r.Item1 == v.Name)) result.Add((v.Name, role));
            }
        }
        foreach (var t in formula.Fixed.Terms) foreach (var f in t.Factors) Add(f.Variables(), "the population-level terms");
        foreach (var o in formula.Offsets) Add(o.Variables(), $"the offset {o.Deparse()}");
        if (fitted.Response.Trials is not null)
        {
            var r = formula.Response;
            if (r.Trials is { } t) Add(t.Variables(), $"trials({t.Deparse()})");
            if (r.Failures is { } f)
            {
                Add(r.Expression.Variables(), "cbind() (its successes and failures give the trials)");
                Add(f.Variables(), "cbind() (its successes and failures give the trials)");
            }
        }
        foreach (var s in formula.Smooths)
        {
            Add(s.Covariate.Variables(), $"the smooth term {s.Text}");
            if (s.By is not null) Add([s.By], $"the smooth term {s.Text}");
        }
        if (use == GroupTermUse.None) return result;
        foreach (var g in formula.Groups)
        {
            foreach (var t in g.Coefficients.Terms) foreach (var f in t.Factors) Add(f.Variables(), $"the group-level term {g.Text}");
            if (use == GroupTermUse.CovariatesAndGroups) Add(g.GroupVariables, $"the group-level term {g.Text}");
        }
        return result;
    }

    // The columns of the new design named as the fitted design's (an ordinal model drops the intercept column).
    private static ColumnMajorMatrix SelectColumns(DesignMatrixBuilder.Design design, IReadOnlyList<string> names, int rows)
    {
        var values = new double[rows * names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            int source = IndexOf(design.Names, names[j]);
            if (source < 0) throw new InvalidOperationException($"The new data's design has no column '{names[j]}'.");
            design.Matrix.Column(source).CopyTo(values.AsSpan(j * rows, rows));
        }
        return new ColumnMajorMatrix(rows, names.Count, values);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    private static NewGroupData BuildGroup(GroupTermSpec spec, GroupTerm fitted, FrameContext context, bool readGroups)
    {
        var design = DesignMatrixBuilder.Build(spec.Coefficients, context, spec.Text);
        var z = SelectColumns(design, fitted.CoefficientNames, context.Rows.Length);
        if (!readGroups) return new NewGroupData { Fitted = fitted, Z = z };

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < fitted.LevelCount; k++) position[fitted.Levels[k]] = k;
        var rows = context.Rows;
        var labels = new string[rows.Length];
        var level = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            labels[i] = BrmsNames.Level(string.Join("_", spec.GroupVariables.Select(v => CellText(context.Column(v), rows[i]))));
            if (!position.TryGetValue(labels[i], out level[i]))
            {
                // A numeric cell written differently from the fitted data ("3.0" against "3").
                string numeric = BrmsNames.Level(string.Join("_", spec.GroupVariables.Select(v => NumericText(context.Column(v), rows[i]))));
                level[i] = position.TryGetValue(numeric, out int k) ? k : -1;
                if (level[i] >= 0) labels[i] = numeric;
            }
        }
        return new NewGroupData { Fitted = fitted, Z = z, Labels = labels, LevelOfRow = level };
    }

    private static string CellText(DataColumn column, int row) =>
        column.IsCategorical ? column.Raw[row]! : NumberText.Format(column.Numbers[row]);

    private static string NumericText(DataColumn column, int row) =>
        NumberText.TryParse(column.Raw[row]!, out double x) ? NumberText.Format(x) : column.Raw[row]!;
}
