// R's model.matrix for numeric and categorical terms with treatment contrasts (Chambers & Hastie 1992, §2.4; R's src/library/stats/src/model.c).
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// Builds a design matrix from a <see cref="TermList"/> as R's <c>model.matrix</c> does with treatment contrasts:
/// the intercept first; then each term's columns, the first factor varying fastest; a categorical factor F in
/// term T is coded by contrasts (reference level dropped) when T without F is empty or contained in an earlier
/// term, otherwise by indicators of all its levels; without an intercept, the first factor of the first term
/// that has one is coded by indicators (cell means). brms's <c>0 + Intercept</c> counts as an intercept for
/// contrasts and sits where it is written.
/// </summary>
internal static class DesignMatrixBuilder
{
    /// <summary>A design: the matrix, brms coefficient names, the intercept column (-1 if none) and whether it was written <c>0 + Intercept</c>.</summary>
    public sealed record Design(ColumnMajorMatrix Matrix, IReadOnlyList<string> Names, int InterceptColumn, bool InterceptIsExplicit);

    private sealed record Block(IReadOnlyList<double[]> Columns, IReadOnlyList<string> Names);

    /// <summary>The most elements a design may have (8 bytes each); a larger one is almost surely a mistake.</summary>
    public const long MaxElements = 200_000_000;

    /// <summary>Builds the design of <paramref name="terms"/> over the kept rows of <paramref name="context"/>.</summary>
    public static Design Build(TermList terms, FrameContext context, string role)
    {
        int n = context.Rows.Length;
        var list = terms.Terms;
        int explicitIntercept = -1;
        for (int t = 0; t < list.Count; t++)
        {
            var term = list[t];
            if (term.Factors.Any(context.IsInterceptConstant))
            {
                if (term.Order > 1)
                    throw FormulaError.At(context.FormulaText, term.Factors.First(context.IsInterceptConstant).Position,
                        "Intercept cannot be part of an interaction.");
                explicitIntercept = t;
            }
        }
        bool intercept = terms.HasIntercept || explicitIntercept >= 0;

        // Contrast coding per (term, factor): true = contrasts, false = all levels.
        var keys = list.Select(t => t.Factors.Select(f => f.Deparse()).ToHashSet(StringComparer.Ordinal)).ToArray();
        var contrasts = new bool[list.Count][];
        bool fullAssigned = intercept;
        for (int t = 0; t < list.Count; t++)
        {
            var factors = list[t].Factors;
            contrasts[t] = new bool[factors.Count];
            for (int k = 0; k < factors.Count; k++)
            {
                if (!context.IsFactor(factors[k])) continue;
                var margin = new HashSet<string>(keys[t], StringComparer.Ordinal);
                margin.Remove(factors[k].Deparse());
                bool coded = margin.Count == 0;
                for (int u = 0; u < t && !coded; u++) coded = margin.IsSubsetOf(keys[u]);
                if (!fullAssigned) { coded = false; fullAssigned = true; }
                contrasts[t][k] = coded;
            }
        }

        CheckSize(list, contrasts, context, role, terms.HasIntercept && explicitIntercept < 0);
        var columns = new List<double[]>();
        var names = new List<string>();
        int interceptColumn = -1;
        if (terms.HasIntercept && explicitIntercept < 0)
        {
            interceptColumn = 0;
            columns.Add(Ones(n));
            names.Add("(Intercept)");
        }
        for (int t = 0; t < list.Count; t++)
        {
            if (t == explicitIntercept)
            {
                interceptColumn = columns.Count;
                columns.Add(Ones(n));
                names.Add("(Intercept)");
                continue;
            }
            var block = TermBlock(list[t], contrasts[t], context, role);
            columns.AddRange(block.Columns);
            names.AddRange(block.Names);
        }
        var values = new double[n * columns.Count];
        for (int j = 0; j < columns.Count; j++) columns[j].CopyTo(values, j * n);
        return new Design(new ColumnMajorMatrix(n, columns.Count, values), names.Select(BrmsNames.Coefficient).ToArray(), interceptColumn, explicitIntercept >= 0);
    }

    // Counts the columns before building them, so that a factor with thousands of levels used as a
    // population-level predictor fails clearly instead of exhausting memory.
    private static void CheckSize(IReadOnlyList<ModelTerm> terms, bool[][] contrasts, FrameContext context, string role, bool intercept)
    {
        long columns = intercept ? 1 : 0;
        for (int t = 0; t < terms.Count; t++)
        {
            long c = 1;
            for (int k = 0; k < terms[t].Factors.Count; k++)
            {
                var f = terms[t].Factors[k];
                if (context.IsFactor(f))
                    c *= Math.Max(1, context.Factor(f).Levels.Count - (contrasts[t][k] ? 1 : 0));
                c = Math.Min(c, MaxElements);
            }
            columns += c;
        }
        if (columns * Math.Max(1, context.Rows.Length) > MaxElements)
            throw new InputException(
                $"The design of {role} in '{context.FormulaText}' would have {context.Rows.Length} rows and {columns} columns, too large to build; "
                + "a factor with many levels is usually meant as a group-level term, e.g. (1 | g).");
    }

    private static double[] Ones(int n)
    {
        var r = new double[n];
        Array.Fill(r, 1.0);
        return r;
    }

    // The columns of one term: the product of its factors' columns, the first factor varying fastest.
    private static Block TermBlock(ModelTerm term, bool[] contrasts, FrameContext context, string role)
    {
        int n = context.Rows.Length;
        IReadOnlyList<double[]> columns = [Ones(n)];
        IReadOnlyList<string> names = [""];
        for (int k = 0; k < term.Factors.Count; k++)
        {
            var factor = FactorBlock(term.Factors[k], contrasts[k], context, role);
            var nextColumns = new List<double[]>();
            var nextNames = new List<string>();
            for (int b = 0; b < factor.Columns.Count; b++)
                for (int a = 0; a < columns.Count; a++)
                {
                    var product = new double[n];
                    var x = columns[a];
                    var y = factor.Columns[b];
                    for (int i = 0; i < n; i++) product[i] = x[i] * y[i];
                    nextColumns.Add(product);
                    nextNames.Add(names[a].Length == 0 ? factor.Names[b] : names[a] + ":" + factor.Names[b]);
                }
            columns = nextColumns;
            names = nextNames;
        }
        return new Block(columns, names);
    }

    private static Block FactorBlock(Expression factor, bool useContrasts, FrameContext context, string role)
    {
        if (!context.IsFactor(factor))
            return new Block([context.Evaluate(factor, $"the term {factor.Deparse()} of {role}")], [factor.Deparse()]);
        var (v, levels, codes) = context.Factor(factor);
        if (useContrasts && levels.Count < 2)
            throw FormulaError.At(context.FormulaText, v.Position,
                $"the categorical column '{v.Name}' has only one level ('{levels.FirstOrDefault()}') in the rows used, so it cannot be a predictor; drop it from the formula.");
        var prefix = factor.Deparse();
        int first = useContrasts ? 1 : 0;
        var result = new List<double[]>();
        var names = new List<string>();
        for (int level = first; level < levels.Count; level++)
        {
            var indicator = new double[codes.Length];
            for (int i = 0; i < codes.Length; i++) indicator[i] = codes[i] == level ? 1.0 : 0.0;
            result.Add(indicator);
            names.Add(prefix + levels[level]);
        }
        return new Block(result, names);
    }
}
