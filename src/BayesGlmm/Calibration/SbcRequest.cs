// What a simulation-based calibration study of a model is: the model, its sampler settings and the study's own settings.
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Sampling;

namespace BayesGlmm.Calibration;

/// <summary>
/// An SBC study of <see cref="Model"/> (Talts et al. 2018; Modrák et al. 2023): draw the truth from the prior (or from
/// <see cref="GeneratePriors"/>), simulate data with the model's design, refit with <see cref="Sampler"/>, rank.
/// </summary>
/// <param name="Model">The model as a model file or command line gives it.</param>
/// <param name="Sampler">The sampler settings of every fit (its seed is the study's seed).</param>
public sealed record SbcRequest(ModelSpec Model, SamplerOptions Sampler)
{
    /// <summary>The data, when given in memory (otherwise read from the model's data file).</summary>
    public DataTable? Data { get; init; }

    /// <summary>Priors used only to draw the truth and simulate, replacing the fit's prior for the same target (a mismatch SBC should detect).</summary>
    public IReadOnlyList<string> GeneratePriors { get; init; } = [];

    /// <summary>
    /// The simulations of the whole study (all shards); null for the number a resumed study already has, or
    /// <see cref="SbcOptions"/>' default for a new one.
    /// </summary>
    public int? Simulations { get; init; }

    /// <summary>Which simulations this run makes.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.All;

    /// <summary>Keep every Thin-th draw for the ranks.</summary>
    public int Thin { get; init; } = RankThinning.DefaultThin;

    /// <summary>Also rank every group-level effect.</summary>
    public bool RandomEffects { get; init; }

    /// <summary>Fits run at once (null: one per core).</summary>
    public int? ParallelFits { get; init; }

    /// <summary>The study of <paramref name="fit"/>'s model (in memory or saved) with its own settings.</summary>
    public static SbcRequest ForFit(FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new SbcRequest(FitDirectory.Spec(fit.Record), fit.Settings) { Data = fit.DataInMemory ? fit.Data : null };
    }
}
