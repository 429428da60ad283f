// Shard directories that are not a whole SBC study: shards missing, given twice, split differently or unfinished.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Thrown by <see cref="SbcStudy.Merge"/> when the shard directories are not the whole study; <see cref="Problems"/>
/// names each missing, repeated or unfinished shard. Merging them anyway is the <c>partial</c> merge.
/// </summary>
public sealed class IncompleteStudyException(string message, IReadOnlyList<string> problems) : InvalidOperationException(message)
{
    /// <summary>Each reason the directories are not the whole study, e.g. <c>shard 1/2 is missing</c>.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
