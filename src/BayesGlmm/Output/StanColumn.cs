// One parameter column of a CmdStan CSV file: its Stan-safe name and the brms name it stands for.
namespace BayesGlmm.Output;

/// <summary>
/// One reported quantity as a CmdStan CSV column.
/// </summary>
/// <param name="Column">The column name: a Stan identifier with dotted 1-based indices (<c>r_county.12.1</c>).</param>
/// <param name="Variable">The brms name (<c>r_county[LAC.QUI.PARLE,Intercept]</c>).</param>
/// <param name="StanVariable">The Stan identifier without indices (<c>r_county</c>).</param>
/// <param name="Indices">The 1-based indices (empty for a scalar).</param>
/// <param name="Level">For a group-level effect <c>r_g[level,coef]</c>, the level; otherwise null.</param>
/// <param name="Coefficient">For a group-level effect, the coefficient; otherwise null.</param>
/// <param name="OutputIndex">The position of the quantity among the model's reported quantities.</param>
public sealed record StanColumn(
    string Column,
    string Variable,
    string StanVariable,
    IReadOnlyList<int> Indices,
    string? Level,
    string? Coefficient,
    int OutputIndex);
