// The model frame: everything the log density needs from the data, after the formula has been applied.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// The numeric form of a model: response, population-level design, offset and group-level terms, one
/// row per observation kept (rows with a missing value in a used column are dropped). Immutable;
/// <see cref="WithResponse"/> makes a copy with a new response (simulation-based calibration).
/// </summary>
public sealed record ModelFrame
{
    /// <summary>The number of observations N.</summary>
    public required int ObservationCount { get; init; }

    /// <summary>The response and its side information (trials, known standard errors, levels).</summary>
    public required ResponseData Response { get; init; }

    /// <summary>The population-level (fixed-effect) design.</summary>
    public required FixedEffectsDesign Fixed { get; init; }

    /// <summary>The offset per observation (already transformed, e.g. log(t)), or null when there is none.</summary>
    public double[]? Offset { get; init; }

    /// <summary>The group-level terms after expansion (<c>(1 | a/b)</c> is two terms), in formula order.</summary>
    public required IReadOnlyList<GroupTerm> Groups { get; init; }

    /// <summary>For each observation, its 0-based row in the data table.</summary>
    public required int[] SourceRows { get; init; }

    /// <summary>How many data rows were dropped for missing values in the columns the model uses.</summary>
    public int DroppedRowCount { get; init; }

    /// <summary>The formula as the user wrote it.</summary>
    public string FormulaText { get; init; } = "";

    /// <summary>
    /// Warnings about the model as written: parts that can be fitted but rest mostly on their prior, such as a random
    /// slope on a variable that is constant within every level of its group. One sentence each; empty when all is well.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A copy with the response values replaced (same length, same trials and levels).</summary>
    public ModelFrame WithResponse(double[] values)
    {
        if (values.Length != ObservationCount)
            throw new ArgumentException($"Expected {ObservationCount} response values, got {values.Length}.", nameof(values));
        return this with { Response = Response with { Values = values } };
    }
}

/// <summary>The response of a model frame.</summary>
public sealed record ResponseData
{
    /// <summary>The response as written in the formula (a column name or an expression).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The response values. For a categorical response column these are 0-based level codes into
    /// <see cref="Levels"/>; for an ordinal response given as integers 1..K, the integers themselves.
    /// </summary>
    public required double[] Values { get; init; }

    /// <summary>Binomial trials per observation (<c>r | trials(n)</c> or <c>cbind(r, n - r)</c>), or null.</summary>
    public double[]? Trials { get; init; }

    /// <summary>Known measurement standard errors (<c>y | se(s)</c>), or null.</summary>
    public double[]? KnownStandardErrors { get; init; }

    /// <summary>Level names in R's order when the response column is categorical, else null.</summary>
    public IReadOnlyList<string>? Levels { get; init; }
}

/// <summary>The population-level design matrix X and the names of its columns.</summary>
public sealed record FixedEffectsDesign
{
    /// <summary>X, N rows by P columns, column-major.</summary>
    public required ColumnMajorMatrix X { get; init; }

    /// <summary>
    /// brms coefficient names without the <c>b_</c> prefix, one per column of X: <c>Intercept</c>,
    /// <c>Days</c>, <c>period2</c>, <c>zBase:Trt1</c>, <c>IxE2</c>.
    /// </summary>
    public required IReadOnlyList<string> CoefficientNames { get; init; }

    /// <summary>The column of X that is the intercept, or -1 when the model has none.</summary>
    public int InterceptColumn { get; init; } = -1;

    /// <summary>
    /// Whether the intercept was written as brms's <c>0 + Intercept</c>: an ordinary coefficient that the class-<c>b</c>
    /// prior covers and whose prior applies to it as written. False for R's implicit intercept (<c>y ~ x</c>,
    /// <c>y ~ 1 + x</c>), whose <c>Intercept</c> prior applies to the intercept of the centred predictors unless the
    /// model is built without centring (brms's <c>center = FALSE</c>; DESIGN.md §2).
    /// </summary>
    public bool InterceptIsExplicit { get; init; }
}

/// <summary>The distribution of a group-level effect (DESIGN.md §1).</summary>
public enum RandomEffectDistribution
{
    /// <summary>Normal effects (the GLMM default), correlated through an LKJ-distributed Cholesky factor.</summary>
    Normal,
    /// <summary>Student-t effects with degrees of freedom <c>df_g</c> (brms's scale mixture).</summary>
    Student,
    /// <summary>Conjugate gamma u with mean 1 and dispersion lambda; v = log u.</summary>
    Gamma,
    /// <summary>Conjugate beta u with mean 1/2 and dispersion lambda; v = logit u.</summary>
    Beta,
    /// <summary>Conjugate inverse-gamma u with mean 1 and dispersion lambda; v = log u (or 1/u).</summary>
    InverseGamma,
}

/// <summary>
/// One group-level term, <c>(coefficients | group)</c>: the formula side (names) and the matrix side
/// (level of each observation and the Z columns), as in MixedModels.jl's ReMat.
/// </summary>
public sealed record GroupTerm
{
    /// <summary>The grouping factor's brms name: <c>county</c>, <c>g1:g2</c>.</summary>
    public required string Group { get; init; }

    /// <summary>Level names as brms prints them inside <c>r_</c> (white space becomes <c>.</c>; nested levels joined by <c>_</c>), in R's order.</summary>
    public required IReadOnlyList<string> Levels { get; init; }

    /// <summary>For each observation, the 0-based index of its level.</summary>
    public required int[] LevelOfObservation { get; init; }

    /// <summary>brms coefficient names of the term: <c>Intercept</c>, <c>Days</c>.</summary>
    public required IReadOnlyList<string> CoefficientNames { get; init; }

    /// <summary>Z: N rows by K columns (one per coefficient), column-major.</summary>
    public required ColumnMajorMatrix Z { get; init; }

    /// <summary>Whether the coefficients are correlated (<c>|</c>) rather than independent (<c>||</c>). False when K = 1.</summary>
    public bool Correlated { get; init; }

    /// <summary>The distribution of the effects (<c>gr(g, dist = ...)</c>).</summary>
    public RandomEffectDistribution Distribution { get; init; } = RandomEffectDistribution.Normal;

    /// <summary>The term as written, for messages.</summary>
    public string Text { get; init; } = "";

    /// <summary>
    /// brms's ID of <c>(1 | p | g)</c>: in a categorical model the term's effects are correlated across the
    /// categories (one term whose coefficients feed different linear predictors); null for an ordinary term.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The number of levels.</summary>
    public int LevelCount => Levels.Count;

    /// <summary>The number of coefficients per level.</summary>
    public int CoefficientCount => CoefficientNames.Count;
}
