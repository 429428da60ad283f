// One parameter's posterior under one prior set of a prior grid: median and 90% interval.
namespace BayesGlmm.PriorGrids;

/// <summary>The posterior of <paramref name="Variable"/> under the prior set <paramref name="PriorSet"/> (<c>model</c> for the model's own priors).</summary>
public sealed record PriorGridRow(string Variable, string PriorSet, double Mean, double Q5, double Q50, double Q95);
