// Marks family parameters that must be increasing (the cumulative family's thresholds).
namespace BayesGlmm.Modeling.Families;

/// <summary>
/// Implemented by a likelihood whose parameters <c>[OrderedStart, OrderedStart + OrderedCount)</c> must be
/// strictly increasing (their <see cref="FamilyParameter.LowerBound"/> is −∞): the model samples them
/// through <see cref="OrderedCutpoints"/> rather than through a lower-bound transform.
/// </summary>
public interface IOrderedFamilyParameters
{
    /// <summary>The index in theta of the first ordered parameter.</summary>
    int OrderedStart { get; }

    /// <summary>How many consecutive parameters are ordered.</summary>
    int OrderedCount { get; }
}
