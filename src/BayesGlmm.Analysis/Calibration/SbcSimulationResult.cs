// One finished SBC simulation: the rank of every reported quantity and the diagnostics of its fit.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>The rank of one quantity's prior draw among its thinned posterior draws.</summary>
/// <param name="Variable">The reported quantity (brms name).</param>
/// <param name="Rank">The rank, 0..<paramref name="MaxRank"/>; null when the fit failed.</param>
/// <param name="MaxRank">The number of thinned posterior draws.</param>
public sealed record SimulationRank(string Variable, int? Rank, int MaxRank);

/// <summary>
/// The record of one simulation of an SBC study: its ranks and how well its fit went. Fits with sampler
/// problems are kept and flagged (<see cref="HasProblems"/>), never dropped: SBC is only valid over all
/// simulations (Talts et al. 2018, sec. 4; Modrák et al. 2023, sec. 6).
/// </summary>
/// <param name="Simulation">k, 1-based.</param>
/// <param name="Seed">The sampler seed of this fit (derived from the study seed and k).</param>
/// <param name="Ranks">One rank per ranked quantity, in the model's output order.</param>
/// <param name="MaxRhat">The largest rank-normalised R-hat over the ranked quantities (unthinned draws).</param>
/// <param name="MinEssBulk">The smallest bulk ESS over the ranked quantities (unthinned draws).</param>
/// <param name="MinEssTail">The smallest tail ESS over the ranked quantities (unthinned draws).</param>
/// <param name="Divergences">Divergent transitions after warmup, all chains.</param>
/// <param name="RunTime">Wall time of the simulation (generation, fit and ranks).</param>
/// <param name="HasProblems">Divergences, R-hat above the threshold, or tail ESS below half the max rank (SBC's rule).</param>
/// <param name="Error">Why the fit failed, or null.</param>
public sealed record SbcSimulationResult(
    int Simulation,
    ulong Seed,
    IReadOnlyList<SimulationRank> Ranks,
    double MaxRhat,
    double MinEssBulk,
    double MinEssTail,
    int Divergences,
    TimeSpan RunTime,
    bool HasProblems,
    string? Error = null);
