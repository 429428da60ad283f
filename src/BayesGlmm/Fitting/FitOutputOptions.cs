// Where a fit writes its files and whether it may replace an existing directory.
namespace BayesGlmm.Fitting;

/// <summary>The output directory of a fit and whether an existing one may be replaced (<c>--force</c>).</summary>
public sealed record FitOutputOptions(string Directory, bool Force = false);
