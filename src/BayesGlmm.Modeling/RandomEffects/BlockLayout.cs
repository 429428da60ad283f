// Where one random-effect block's values stand in the position, the outputs and the linear predictor.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>The place of one block, assigned by the model (see <see cref="IRandomEffectBlock"/>).</summary>
public sealed record BlockLayout
{
    /// <summary>Where its hyperparameters start in the unconstrained position.</summary>
    public required int HyperparameterOffset { get; init; }

    /// <summary>Where its latent values start in the unconstrained position.</summary>
    public required int LatentOffset { get; init; }

    /// <summary>Per entry of <see cref="IRandomEffectBlock.HyperOutputs"/>, where its names start in the outputs.</summary>
    public required IReadOnlyList<int> HyperOutputOffsets { get; init; }

    /// <summary>Where its effect outputs start.</summary>
    public required int EffectOutputOffset { get; init; }

    /// <summary>Where the slice of the linear predictor it reads and writes starts (N × D column-major, D predictors).</summary>
    public required int EtaStart { get; init; }

    /// <summary>The length of that slice: N, or N · D for a block over every predictor (a term correlated across categories).</summary>
    public required int EtaLength { get; init; }
}
