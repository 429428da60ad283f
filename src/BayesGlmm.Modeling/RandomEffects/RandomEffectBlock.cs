// The shared plumbing of a random-effect block: its place, its sizes and names, and the slice of the outputs each part uses.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// A base for <see cref="IRandomEffectBlock"/> implementations: <see cref="Place"/> as a copy with the layout set, and
/// helpers for the slices of the position and outputs. Derived classes supply the rest of the contract.
/// </summary>
public abstract class RandomEffectBlock : IRandomEffectBlock
{
    /// <inheritdoc />
    public abstract IReadOnlyList<GroupTerm> Terms { get; }

    /// <inheritdoc />
    public abstract int HyperparameterCount { get; }

    /// <inheritdoc />
    public abstract int LatentCount { get; }

    /// <inheritdoc />
    public virtual bool IsIntegrated => false;

    /// <inheritdoc />
    public abstract IReadOnlyList<OutputGroup> HyperOutputs { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<string> EffectOutputs { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<PriorTerm> PriorTerms { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<PriorUse> PriorUses { get; }

    /// <inheritdoc />
    public BlockLayout Layout { get; private set; } = null!;

    /// <inheritdoc />
    public IRandomEffectBlock Place(BlockLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.HyperOutputOffsets.Count != HyperOutputs.Count)
            throw new ArgumentException($"Expected {HyperOutputs.Count} hyper output offsets.", nameof(layout));
        var placed = (RandomEffectBlock)MemberwiseClone();
        placed.Layout = layout;
        return placed;
    }

    /// <inheritdoc />
    public abstract RandomEffectKernel CreateKernel();

    /// <inheritdoc />
    public abstract void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng);

    /// <inheritdoc />
    public abstract bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position);

    /// <inheritdoc />
    public abstract void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors);

    /// <inheritdoc />
    public abstract void DrawFromPrior(RandomStream rng, Span<double> outputs);

    /// <inheritdoc />
    public abstract void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta);

    /// <inheritdoc />
    public abstract int EffectOutputOffset(int term);

    /// <inheritdoc />
    public abstract NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term);

    /// <inheritdoc />
    public abstract NewLevelTail NewLevelTail { get; }

    /// <summary>Where hyper output group <paramref name="group"/> starts in the outputs.</summary>
    protected int HyperOutput(int group) => Layout.HyperOutputOffsets[group];
}
