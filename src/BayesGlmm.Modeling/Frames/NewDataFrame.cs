// New data coded for a fitted model: the rows' X, offset, trials and group-level Z and groups, in the fit's columns.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// The numeric form of new data for a fitted model (<see cref="NewDataFrameBuilder"/>): X with the fitted
/// model's columns in its order, the offset and binomial trials, and per group-level term of the fitted
/// frame (same order as <see cref="ModelFrame.Groups"/>) its Z and, when read, each row's group; each smooth term's
/// columns at the new covariate values.
/// </summary>
public sealed record NewDataFrame
{
    /// <summary>The new data's name in messages (its file).</summary>
    public string Source { get; init; } = "the new data";

    /// <summary>The number of rows R.</summary>
    public required int RowCount { get; init; }

    /// <summary>For each row, its 0-based row in the new data table.</summary>
    public required int[] SourceRows { get; init; }

    /// <summary>X, R rows by P columns (the fitted model's <see cref="FixedEffectsDesign.CoefficientNames"/>), column-major.</summary>
    public required ColumnMajorMatrix X { get; init; }

    /// <summary>The offset per row, or null when the model has none.</summary>
    public double[]? Offset { get; init; }

    /// <summary>Binomial trials per row when the model has trials, else null.</summary>
    public double[]? Trials { get; init; }

    /// <summary>The group-level terms (empty when they were not read), in the fitted frame's order.</summary>
    public required IReadOnlyList<NewGroupData> Groups { get; init; }

    /// <summary>
    /// The smooth terms' parts at the new rows' covariate values, in the fitted frame's order (their unpenalised columns
    /// are in X already): the basis evaluated there, inside or outside the fitted range, as mgcv's <c>PredictMat</c>.
    /// </summary>
    public IReadOnlyList<Smooths.SmoothPart> Smooths { get; init; } = [];
}

/// <summary>One group-level term of new data.</summary>
public sealed record NewGroupData
{
    /// <summary>The fitted term.</summary>
    public required GroupTerm Fitted { get; init; }

    /// <summary>Z: R rows by K columns (the fitted term's coefficients), column-major.</summary>
    public required ColumnMajorMatrix Z { get; init; }

    /// <summary>Each row's group as brms prints levels, or null when the grouping columns were not read.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Each row's index into the fitted levels, −1 for a group the fit did not see; null when not read.</summary>
    public int[]? LevelOfRow { get; init; }
}
