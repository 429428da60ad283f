// Settings of a simulation-based calibration study, with SBC's defaults.
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Settings of an SBC study (Talts et al. 2018; Modrák et al. 2023). Defaults follow the SBC R package:
/// thin 10, ranks divisor 2, a fit flagged when tail ESS / max_rank &lt; 0.5, and the 95 % simultaneous band.
/// </summary>
public sealed record SbcOptions
{
    /// <summary>The number of simulations of the whole study (all shards), numbered k = 1..Simulations.</summary>
    public int Simulations { get; init; } = 1000;

    /// <summary>The study seed; simulation k draws from streams of (Seed, k, purpose).</summary>
    public ulong Seed { get; init; } = 1UL;

    /// <summary>
    /// The sampler settings of every fit. Its seed is replaced by one derived from (Seed, k); its
    /// parallelism by <see cref="ChainParallelism"/>.
    /// </summary>
    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>
    /// Where each fit's chains start, made from the model of that simulation's data set (an estimate of it, say); null keeps
    /// <see cref="Sampler"/>'s <see cref="SamplerOptions.InitialPoints"/>. A fit whose start cannot be made is recorded as failed, with the reason.
    /// </summary>
    public Func<IStatisticalModel, IInitialPointSource?>? InitialPoints { get; init; }

    /// <summary>Keep every Thin-th iteration of each chain for the ranks (SBC's <c>thin_ranks</c>).</summary>
    public int Thin { get; init; } = RankThinning.DefaultThin;

    /// <summary>SBC's <c>ensure_num_ranks_divisor</c>.</summary>
    public int RanksDivisor { get; init; } = RankThinning.DefaultDivisor;

    /// <summary>Also rank every group-level effect (<c>r_…</c>).</summary>
    public bool IncludeRandomEffects { get; init; }

    /// <summary>The simultaneous coverage of the uniformity band.</summary>
    public double Probability { get; init; } = 0.95;

    /// <summary>A fit with a larger rank-normalised R-hat is flagged.</summary>
    public double RhatThreshold { get; init; } = 1.01;

    /// <summary>A fit whose smallest tail ESS is below this fraction of max_rank is flagged (SBC's rule).</summary>
    public double MinTailEssPerRank { get; init; } = 0.5;

    /// <summary>Fits run at once; null means one per processor.</summary>
    public int? MaxParallelFits { get; init; }

    /// <summary>Chains of one fit run at once (1: chains in sequence, fits in parallel, the faster layout for many small fits).</summary>
    public int ChainParallelism { get; init; } = 1;

    /// <summary>Which simulations this process runs.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>Throws for settings no study can run with.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Simulations, 1, nameof(Simulations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Thin, 1, nameof(Thin));
        ArgumentOutOfRangeException.ThrowIfLessThan(RanksDivisor, 1, nameof(RanksDivisor));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChainParallelism, 1, nameof(ChainParallelism));
        if (MaxParallelFits is int p) ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(MaxParallelFits));
        if (!(Probability > 0 && Probability < 1)) throw new ArgumentOutOfRangeException(nameof(Probability));
        ArgumentNullException.ThrowIfNull(Sampler);
        ArgumentNullException.ThrowIfNull(Shard);
    }
}
