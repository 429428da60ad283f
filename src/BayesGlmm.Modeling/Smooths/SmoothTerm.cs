// The matrix side of one smooth term: per level of its by factor, brms's unpenalised columns (bs_) and penalised columns (s_ with sds_).
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// One part of a smooth term (the whole term, or one level of its <c>by</c> factor) as brms sees it: the unpenalised
/// columns X_f, whose coefficients are population-level effects (<c>bs_sx_1</c>), and the penalised columns Z, whose
/// coefficients are <c>s_sx_1[j]</c> ~ N(0, <c>sds_sx_1</c>²) independently.
/// </summary>
/// <param name="Label">brms's label of the part: <c>sx</c>, or <c>sxfa</c> for level <c>a</c> of <c>by = f</c>.</param>
/// <param name="Level">The by factor's level, or null.</param>
/// <param name="FixedNames">The names of the unpenalised columns without the <c>bs_</c> prefix (<c>sx_1</c>, <c>sx:fa_1</c>).</param>
/// <param name="Fixed">The unpenalised columns at the data, n × |FixedNames|.</param>
/// <param name="Random">The penalised columns at the data, n × r.</param>
public sealed record SmoothPart(string Label, string? Level, IReadOnlyList<string> FixedNames, ColumnMajorMatrix Fixed, ColumnMajorMatrix Random)
{
    /// <summary>The smoothing sd: <c>sds_sx_1</c>.</summary>
    public string SdName => "sds_" + Label + "_1";

    /// <summary>The penalised coefficients: <c>s_sx_1[1]</c>, ….</summary>
    public IReadOnlyList<string> CoefficientNames => Enumerable.Range(1, Random.Columns).Select(j => $"s_{Label}_1[{j}]").ToArray();
}

/// <summary>
/// A smooth term <c>s(x, k, bs, by)</c> built on its data: the basis (<see cref="ThinPlateRegressionSpline"/> or
/// <see cref="CubicRegressionSpline"/>), its reparameterisation into brms's fixed and random parts
/// (<see cref="SmoothReparameterization"/>), one <see cref="SmoothPart"/> per level of a by factor, and the same
/// parts at new covariate values for predictions (mgcv's <c>PredictMat</c>, as brms applies it).
/// </summary>
public sealed class SmoothTerm
{
    private readonly ISmoothBasis _basis;
    private readonly SmoothReparameterization _map;

    private SmoothTerm(SmoothTermSpec spec, ISmoothBasis basis, SmoothReparameterization map, IReadOnlyList<string>? levels, IReadOnlyList<SmoothPart> parts)
    {
        Spec = spec;
        _basis = basis;
        _map = map;
        Levels = levels;
        Parts = parts;
    }

    /// <summary>The term as written.</summary>
    public SmoothTermSpec Spec { get; }

    /// <summary>The by factor's levels in order (null without a by factor).</summary>
    public IReadOnlyList<string>? Levels { get; }

    /// <summary>One part per by level (one without a by factor).</summary>
    public IReadOnlyList<SmoothPart> Parts { get; }

    /// <summary>
    /// Builds the term on the covariate values <paramref name="x"/> and, with a by factor, its <paramref name="levels"/>
    /// and each observation's level index <paramref name="levelOfRow"/>. Too few distinct values for k, or too many
    /// for a thin plate basis, throw <see cref="InputException"/>.
    /// </summary>
    public static SmoothTerm Build(SmoothTermSpec spec, ReadOnlySpan<double> x, IReadOnlyList<string>? levels = null, IReadOnlyList<int>? levelOfRow = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((levels is null) != (spec.By is null) || (levels is null) != (levelOfRow is null))
            throw new ArgumentException("A by factor needs its levels and each row's level, and only a by factor has them.");
        ISmoothBasis basis;
        try
        {
            basis = spec.Basis == SmoothBasisKind.ThinPlate
                ? ThinPlateRegressionSpline.Create(x, spec.Dimension)
                : CubicRegressionSpline.Create(x, spec.Dimension);
        }
        catch (ArgumentException e)
        {
            string advice = e.Message.Contains("more than", StringComparison.Ordinal)
                ? "use bs = \"cr\", or round the covariate to fewer distinct values"
                : "give a smaller k";
            throw new InputException($"The smooth term {spec.Text}: {spec.Covariate.Deparse()} has {e.Message.TrimEnd('.')}; {advice}.");
        }
        bool[]? firstLevel = levelOfRow is null ? null : levelOfRow.Select(l => l == 0).ToArray();
        var map = SmoothReparameterization.Create(basis, firstLevel);
        var design = map.Apply(basis.Basis);
        var parts = BuildParts(spec, map, design, levels, levelOfRow);
        return new SmoothTerm(spec, basis, map, levels, parts);
    }

    /// <summary>
    /// The parts at new covariate values <paramref name="x"/> (and, with a by factor, each new row's level index): the
    /// basis evaluated there (inside or outside the data's range, as mgcv's <c>PredictMat</c> does) times the same map.
    /// </summary>
    public IReadOnlyList<SmoothPart> Evaluate(ReadOnlySpan<double> x, IReadOnlyList<int>? levelOfRow = null)
    {
        if ((levelOfRow is null) != (Levels is null)) throw new ArgumentException("Give the rows' levels exactly when the term has a by factor.");
        var design = _map.Apply(_basis.Evaluate(x));
        return BuildParts(Spec, _map, design, Levels, levelOfRow);
    }

    private static SmoothPart[] BuildParts(SmoothTermSpec spec, SmoothReparameterization map, ColumnMajorMatrix design, IReadOnlyList<string>? levels, IReadOnlyList<int>? levelOfRow)
    {
        int r = map.PenalisedCount, f = map.FixedCount;
        string mgcvLabel = spec.MgcvLabel;
        if (levels is null)
            return [Part(spec.BrmsLabel, null, BrmsNames.Coefficient(mgcvLabel), design, null, -1, r, f)];
        var parts = new SmoothPart[levels.Count];
        for (int l = 0; l < levels.Count; l++)
            parts[l] = Part(spec.BrmsLabel + BrmsNames.Coefficient(levels[l]), levels[l], BrmsNames.Coefficient(mgcvLabel + ":" + spec.By!.Name + levels[l]),
                design, levelOfRow, l, r, f);
        return parts;

        static SmoothPart Part(string label, string? level, string fixedStem, ColumnMajorMatrix design, IReadOnlyList<int>? levelOfRow, int l, int r, int f)
        {
            int n = design.Rows;
            var random = new ColumnMajorMatrix(n, r);
            var fixedPart = new ColumnMajorMatrix(n, f);
            for (int i = 0; i < n; i++)
            {
                if (levelOfRow is not null && levelOfRow[i] != l) continue;
                for (int j = 0; j < r; j++) random[i, j] = design[i, j];
                for (int j = 0; j < f; j++) fixedPart[i, j] = design[i, r + j];
            }
            var names = Enumerable.Range(1, f).Select(j => $"{fixedStem}_{j}").ToArray();
            return new SmoothPart(label, level, names, fixedPart, random);
        }
    }
}
