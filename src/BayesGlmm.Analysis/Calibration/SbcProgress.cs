// Progress of an SBC study, reported once per finished simulation.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>One simulation finished.</summary>
/// <param name="Completed">Simulations of this run's shard finished so far, including those found on disk.</param>
/// <param name="Total">Simulations of this run's shard.</param>
/// <param name="Simulation">The simulation just finished.</param>
/// <param name="HasProblems">Whether its fit was flagged.</param>
/// <param name="Failed">Whether its fit failed.</param>
public sealed record SbcProgress(int Completed, int Total, int Simulation, bool HasProblems, bool Failed);

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
