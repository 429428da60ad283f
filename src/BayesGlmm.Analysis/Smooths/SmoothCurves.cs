// Computes smooth terms' conditional curves from the draws: the linear predictor over a grid, the other terms at reference values.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Smooths;

namespace BayesGlmm.Analysis.Smooths;

/// <summary>
/// The fitted curves of a model's smooth terms as brms's <c>conditional_effects</c> draws them (Bürkner 2017, brms: An
/// R package for Bayesian multilevel models using Stan, J. Stat. Softw. 80(1); <c>conditional_effects</c> with
/// <c>re_formula = NA</c>): the smooth's covariate over a grid of its observed range, every other numeric covariate at
/// its mean, every other factor at its reference (first) level, the group-level effects left out, the offset at its
/// variables' means, and for a <c>by</c> smooth one curve per level (the by factor at that level). The linear
/// predictor η = X b + X_s bs + Z_s s (+ offset) is computed per draw; the curve is its posterior median and the band
/// its 2.5% and 97.5% quantiles, as brms's <c>probs = c(0.025, 0.975)</c>.
/// </summary>
public static class SmoothCurves
{
    /// <summary>How many grid values a curve has (brms's <c>resolution = 100</c>).</summary>
    public const int Resolution = 100;

    /// <summary>
    /// The smooth's own contribution f(x) = X_s(x) bs + Z_s(x) s per draw at the values <paramref name="grid"/> of
    /// the covariate, for the part <paramref name="part"/> of <paramref name="term"/> (its by level; the basis
    /// evaluated at new x as mgcv's <c>PredictMat</c>). Variables <c>f[1]</c>, …; null when the draws lack a coefficient.
    /// </summary>
    public static Draws? Contribution(SmoothTerm term, Draws draws, double[] grid, int part = 0)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(grid);
        int[]? levels = term.Levels is null ? null : Enumerable.Repeat(part, grid.Length).ToArray();
        var at = term.Evaluate(grid, levels)[part];
        var names = at.FixedNames.Select(n => "bs_" + n).Concat(at.CoefficientNames).ToArray();
        var columns = new ColumnMajorMatrix(grid.Length, names.Length);
        for (int k = 0; k < grid.Length; k++)
        {
            for (int j = 0; j < at.Fixed.Columns; j++) columns[k, j] = at.Fixed[k, j];
            for (int j = 0; j < at.Random.Columns; j++) columns[k, at.Fixed.Columns + j] = at.Random[k, j];
        }
        return Product(columns, names, null, draws, "f");
    }

    /// <summary>
    /// The conditional curves of every smooth term of <paramref name="model"/> (empty without smooths), from the fit's
    /// data table <paramref name="fitData"/> and formula, in the order of the terms and their by levels. A smooth whose
    /// coefficients the draws lack, or whose covariate is not a numeric column, is left out.
    /// </summary>
    /// <exception cref="InputException">The reference rows cannot be coded (e.g. a numeric column used as a factor).</exception>
    public static IReadOnlyList<SmoothCurve> Conditional(GlmmModel model, Draws draws, DataTable fitData, Formula formula)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(fitData);
        ArgumentNullException.ThrowIfNull(formula);
        var frame = model.Frame;
        var curves = new List<SmoothCurve>();
        foreach (var term in frame.Smooths)
        {
            var variable = term.Spec.Covariate.Variables().FirstOrDefault();
            var column = variable is null ? null : fitData.Find(variable.Name);
            if (column is null || column.IsCategorical) continue;
            var used = frame.SourceRows.Select(r => column.Numbers[r]).Where(double.IsFinite).ToArray();
            if (used.Length == 0) continue;
            double lo = used.Min(), hi = used.Max();
            var grid = Enumerable.Range(0, Resolution).Select(i => lo + (hi - lo) * i / (Resolution - 1)).ToArray();
            int parts = term.Parts.Count;
            var byColumn = term.Spec.By is null ? null : fitData.Find(term.Spec.By.Name);
            for (int p = 0; p < parts; p++)
            {
                string? level = term.Parts[p].Level;
                var table = ReferenceTable(fitData, frame.SourceRows, variable!.Name, grid, term.Spec.By?.Name, level);
                var coded = NewDataFrameBuilder.Build(fitData, formula, frame, table, GroupTermUse.None);
                var (x, names) = Design(frame, coded);
                var eta = Product(x, names, coded.Offset, draws, "eta");
                if (eta is null) continue;
                var observed = frame.SourceRows
                    .Where(r => level is null || byColumn is null || byColumn.Raw[r] == level)
                    .Select(r => column.Numbers[r]).Where(double.IsFinite).ToArray();
                var (median, lower, upper) = Bands(eta, grid.Length);
                curves.Add(new SmoothCurve(term.Parts[p].Label, term.Spec.Text, variable.Name, level, grid, median, lower, upper, observed));
            }
        }
        return curves;
    }

    // The fixed columns (b_ and bs_) and every smooth part's penalised columns (s_) of the coded rows, with their draw names.
    private static (ColumnMajorMatrix X, string[] Names) Design(ModelFrame frame, NewDataFrame coded)
    {
        var names = new List<string>();
        for (int j = 0; j < frame.Fixed.X.Columns; j++) names.Add(frame.Fixed.OutputName(j));
        foreach (var part in coded.Smooths) names.AddRange(part.CoefficientNames);
        var x = new ColumnMajorMatrix(coded.RowCount, names.Count);
        for (int i = 0; i < coded.RowCount; i++)
        {
            int c = 0;
            for (int j = 0; j < coded.X.Columns; j++) x[i, c++] = coded.X[i, j];
            foreach (var part in coded.Smooths)
                for (int j = 0; j < part.Random.Columns; j++) x[i, c++] = part.Random[i, j];
        }
        return (x, names.ToArray());
    }

    // Rows that hold every column of the fit's data at its reference value (numeric: mean over the rows used; categorical:
    // the first level among them), the smooth's covariate over the grid and the by factor at the given level.
    private static DataTable ReferenceTable(DataTable fitData, int[] rows, string covariate, double[] grid, string? by, string? level)
    {
        int n = grid.Length;
        var columns = new List<DataColumn>(fitData.Columns.Count);
        foreach (var column in fitData.Columns)
        {
            if (column.Name == covariate)
            {
                columns.Add(Numeric(column.Name, grid));
                continue;
            }
            if (column.IsCategorical)
            {
                string? value = column.Name == by ? level : rows.Select(r => column.Codes[r]).Where(c => c >= 0).DefaultIfEmpty(-1).Min() is int code and >= 0 ? column.Levels[code] : null;
                if (value is null) continue;
                columns.Add(new DataColumn(column.Name, true, new double[n], [value], new int[n], Enumerable.Repeat<string?>(value, n).ToArray(), column.IsDeclaredFactor));
                continue;
            }
            var values = rows.Select(r => column.Numbers[r]).Where(double.IsFinite).ToArray();
            if (values.Length == 0) continue;
            columns.Add(Numeric(column.Name, Enumerable.Repeat(values.Average(), n).ToArray()));
        }
        return new DataTable(columns, "the reference values of " + fitData.DisplayName);

        static DataColumn Numeric(string name, double[] numbers) =>
            new(name, false, numbers, [], new int[numbers.Length], numbers.Select(v => (string?)NumberText.Format(v)).ToArray());
    }

    // Σ_j x[k, j] · draw(names[j]) (+ offset[k]) per draw, chain by chain; null when a name is not among the draws.
    private static Draws? Product(ColumnMajorMatrix x, string[] names, double[]? offset, Draws draws, string stem)
    {
        var index = names.Select(draws.IndexOf).ToArray();
        if (index.Contains(-1)) return null;
        var result = new Draws(Enumerable.Range(1, x.Rows).Select(k => $"{stem}[{k}]").ToArray(), draws.ChainCount, draws.IterationCount);
        for (int c = 0; c < draws.ChainCount; c++)
            for (int k = 0; k < x.Rows; k++)
            {
                var f = result.Chain(k, c);
                if (offset is not null) f.Fill(offset[k]);
                for (int j = 0; j < index.Length; j++)
                {
                    double w = x[k, j];
                    if (w == 0) continue;
                    var values = draws.Chain(index[j], c);
                    for (int t = 0; t < f.Length; t++) f[t] += w * values[t];
                }
            }
        return result;
    }

    // The median and the 2.5% and 97.5% quantiles (R's type 7) of each variable over all chains.
    private static (double[] Median, double[] Lower, double[] Upper) Bands(Draws eta, int count)
    {
        var median = new double[count];
        var lower = new double[count];
        var upper = new double[count];
        for (int k = 0; k < count; k++)
        {
            var sorted = eta.AllChains(k).ToArray();
            Array.Sort(sorted);
            median[k] = Quantile(sorted, 0.5);
            lower[k] = Quantile(sorted, 0.025);
            upper[k] = Quantile(sorted, 0.975);
        }
        return (median, lower, upper);
    }

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int i = (int)Math.Floor(h);
        return i + 1 < sorted.Length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
