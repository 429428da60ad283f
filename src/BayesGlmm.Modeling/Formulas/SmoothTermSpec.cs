// One smooth term as written: s(x), s(x, k = 10), s(x, bs = "cr"), s(x, by = f); the formula side of a smooth.
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>The spline bases a smooth term can use (mgcv's <c>bs</c>).</summary>
public enum SmoothBasisKind
{
    /// <summary><c>bs = "tp"</c>, the thin plate regression spline (mgcv's and brms's default).</summary>
    ThinPlate,

    /// <summary><c>bs = "cr"</c>, the cubic regression spline with knots at quantiles.</summary>
    CubicRegression,
}

/// <summary>
/// A one-dimensional smooth term <c>s(covariate, k = ..., bs = "tp" | "cr", by = factor)</c> as mgcv's <c>s()</c> reads
/// it and brms passes it on. k defaults to 10 for both bases (mgcv: M + 8 = 10 for "tp", 10 for "cr").
/// </summary>
public sealed record SmoothTermSpec
{
    /// <summary>mgcv's default basis dimension in one dimension.</summary>
    public const int DefaultDimension = 10;

    /// <summary>The covariate: a column or an arithmetic expression of columns (<c>log(x)</c>).</summary>
    public required Expression Covariate { get; init; }

    /// <summary>The basis.</summary>
    public SmoothBasisKind Basis { get; init; } = SmoothBasisKind.ThinPlate;

    /// <summary>The basis dimension k.</summary>
    public int Dimension { get; init; } = DefaultDimension;

    /// <summary>The factor of <c>by = f</c> (one smooth per level), or null.</summary>
    public VariableExpression? By { get; init; }

    /// <summary>The term as written.</summary>
    public required string Text { get; init; }

    /// <summary>The 0-based position of the term in the formula.</summary>
    public int Position { get; init; }

    /// <summary>mgcv's label, <c>s(x)</c> (a by factor's level is appended per level: <c>s(x):fa</c>).</summary>
    public string MgcvLabel => "s(" + Covariate.Deparse() + ")";

    /// <summary>
    /// brms's label of the term (brms 2.18 <c>tidy_smef</c>): <c>s</c> followed by the renamed covariate and by-variable
    /// names, <c>sx</c>, <c>sxf</c>, <c>slogx</c>; a by factor's renamed level is appended per level (<c>sxfa</c>).
    /// </summary>
    public string BrmsLabel => "s" + BrmsNames.Coefficient(Covariate.Deparse() + (By?.Name ?? ""));
}
