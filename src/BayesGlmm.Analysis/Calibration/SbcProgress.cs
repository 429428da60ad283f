// Progress of an SBC study, reported once per finished simulation.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>One simulation finished.</summary>
/// <param name="Completed">Simulations of this run's shard finished so far, including those found on disk.</param>
/// <param name="Total">Simulations of this run's shard.</param>
/// <param name="Simulation">The simulation just finished.</param>
/// <param name="HasProblems">Whether its fit was flagged.</param>
/// <param name="Failed">Whether its fit failed.</param>
public sealed record SbcProgress(int Completed, int Total, int Simulation, bool HasProblems, bool Failed);
