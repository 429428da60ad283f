// The outcome of running or merging an SBC study: its simulations, uniformity tests and warnings.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>The outcome of running (part of) a study.</summary>
/// <param name="Directory">The study directory.</param>
/// <param name="Simulations">Every finished simulation of the directory, ordered by k.</param>
/// <param name="Uniformity">The per-quantity uniformity tests (empty when cancelled).</param>
/// <param name="Cancelled">Whether the run was cancelled before every simulation of its shard finished.</param>
/// <param name="Warnings">What the user should know: coarse ranks, failed or flagged fits.</param>
public sealed record SbcStudyResult(
    string Directory,
    IReadOnlyList<SbcSimulationResult> Simulations,
    IReadOnlyList<UniformityRow> Uniformity,
    bool Cancelled,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The ranks of one quantity over the simulations whose fit succeeded, ordered by k (for a rank histogram).</summary>
    public int[] RanksOf(string variable) =>
        Simulations.Where(s => s.Error is null)
            .Select(s => s.Ranks.First(r => r.Variable == variable).Rank!.Value)
            .ToArray();
}
