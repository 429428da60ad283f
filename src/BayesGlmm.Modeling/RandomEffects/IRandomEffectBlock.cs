// The contract of a random-effect block: its parameters, its part of the log density and of every output, for one or more group-level terms.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// A random-effect block: the matrix side of one or more group-level terms (<see cref="Terms"/>) with the parameters of
/// their effects. <see cref="GlmmModel"/> composes the fixed effects, the family (with its own parameters) and a list of
/// blocks; everything a block owns goes through the members below, so a new kind of block touches no other file than its
/// own and the one that chooses blocks for terms (<c>Glmm.RandomEffectBlocks</c>).
/// </summary>
/// <remarks>
/// <para><b>The layout.</b> The unconstrained position is [b | family parameters | every block's hyperparameters, block by
/// block | every block's latent values, block by block]; the outputs are [b | the hyper outputs, class by class across
/// the blocks (<see cref="HyperOutputs"/>: every sd, then every cor, df, lambda, in the order the classes first appear) |
/// family parameters | the effect outputs, block by block] (an ordinal family's cutpoints come first, as brms lists them).
/// The model places the block once (<see cref="Place"/>) and every member but the sizes and names reads
/// <see cref="Layout"/>.</para>
/// <para><b>How a block enters the log density.</b> <see cref="CreateKernel"/> gives one chain's evaluator its own
/// <see cref="RandomEffectKernel"/>. Its <see cref="RandomEffectKernel.Forward"/> reads the block's parameters and adds
/// its Jacobians and latent densities (and the priors it evaluates before the likelihood); then either
/// (a) the block enters the linear predictor: <see cref="RandomEffectKernel.AddTo"/> adds its effects into η chunk by
/// chunk and <see cref="RandomEffectKernel.AccumulateGradient"/> gathers ∂ℓ/∂η back (the scatter), or
/// (b) it integrates its effects out (<see cref="IsIntegrated"/>, an <see cref="IntegratedKernel"/>): given η without
/// its effects it returns log ∫ p(y | η + its effects, θ) p(effects | hyperparameters) with ∂/∂η and ∂/∂θ, and contributes
/// to the log density directly (at most one such block per model); last <see cref="RandomEffectKernel.Backward"/> chains
/// what it gathered into the gradient of its parameters and adds its remaining hyperpriors. Nothing may allocate there.</para>
/// <para><b>Members to supply</b>: the sizes and names (<see cref="Terms"/>, <see cref="HyperparameterCount"/>,
/// <see cref="LatentCount"/>, <see cref="HyperOutputs"/>, <see cref="EffectOutputs"/>, <see cref="PriorTerms"/> with the
/// parallel <see cref="PriorUses"/>); the kernel; and, all from one draw of the reported quantities,
/// <see cref="WriteOutputs"/> (drawing the effects from their exact conditional where they are integrated out),
/// <see cref="TryWritePosition"/>, <see cref="LogPriorTerms"/> (priors without Jacobians or the density of the effects given
/// their hyperparameters, as brms's lprior), <see cref="DrawFromPrior"/>, <see cref="AddEffects"/> (its part of the linear
/// predictor in frame order), <see cref="EffectOutputOffset"/> and <see cref="NewLevels"/> with <see cref="NewLevelTail"/> (what
/// predictions for levels not in the data need). A block spanning several grouping terms lists them all in <see cref="Terms"/>.</para>
/// <para><b>Tests a new block must pass</b>: derive from <c>RandomEffectBlockConformance</c>
/// (tests/BayesGlmm.Modeling.Tests/RandomEffects) with a few models that use the block; it checks the gradient against
/// central finite differences at random points, the brms names, that the log density is the sum of its parts and the
/// prior terms sum to <c>LogPrior</c>, the round trip of <see cref="WriteOutputs"/> and <see cref="TryWritePosition"/>,
/// prior draws in the support with the hyperpriors' moments, allocation-free evaluation, and a recovery fit (NUTS on
/// data simulated from the model recovers the block's hyperparameters).</para>
/// </remarks>
public interface IRandomEffectBlock
{
    /// <summary>The group-level terms the block covers (one for every kind so far), in output order.</summary>
    IReadOnlyList<GroupTerm> Terms { get; }

    /// <summary>How many unconstrained hyperparameters it samples (log sd, correlations, log(df − 1), log λ, ...).</summary>
    int HyperparameterCount { get; }

    /// <summary>How many unconstrained latent values it samples (the non-centred effects z); 0 where they are integrated out.</summary>
    int LatentCount { get; }

    /// <summary>Whether the block integrates its effects out (its kernel is an <see cref="IntegratedKernel"/>).</summary>
    bool IsIntegrated { get; }

    /// <summary>Its hyperparameters' reported names, by brms class (<c>sd</c>, <c>cor</c>, <c>df</c>, <c>lambda</c>); a class with no name is listed empty.</summary>
    IReadOnlyList<OutputGroup> HyperOutputs { get; }

    /// <summary>The names of its effects (<c>r_g[level,coef]</c>, <c>u_g[level]</c>), reported after the family parameters.</summary>
    IReadOnlyList<string> EffectOutputs { get; }

    /// <summary>Its priors as terms of the log prior (parameter and class), in the order <see cref="LogPriorTerms"/> fills them.</summary>
    IReadOnlyList<PriorTerm> PriorTerms { get; }

    /// <summary>The same priors as printed (one per entry of <see cref="PriorTerms"/>, in the same order).</summary>
    IReadOnlyList<PriorUse> PriorUses { get; }

    /// <summary>Where the block stands (null until <see cref="Place"/>).</summary>
    BlockLayout Layout { get; }

    /// <summary>The block at <paramref name="layout"/> (a copy; the block itself is left as it was).</summary>
    IRandomEffectBlock Place(BlockLayout layout);

    /// <summary>One chain's evaluator of the block, with its own scratch.</summary>
    RandomEffectKernel CreateKernel();

    /// <summary>
    /// Writes its hyper outputs and effects for one unconstrained position. The fixed effects and family parameters are
    /// in the outputs already and in <paramref name="context"/>; a block that integrates its effects out draws them from
    /// their exact conditional with <paramref name="rng"/>.
    /// </summary>
    void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng);

    /// <summary>Writes its part of the position for one draw of the outputs; false when a value is outside its support or the map has no inverse.</summary>
    bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position);

    /// <summary>Fills one log prior density per entry of <see cref="PriorTerms"/> at one draw of the outputs (−∞ outside the support).</summary>
    void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors);

    /// <summary>Draws its hyperparameters from their priors and its effects from their distribution given them.</summary>
    void DrawFromPrior(RandomStream rng, Span<double> outputs);

    /// <summary>Adds its effects at one draw of the outputs to <paramref name="eta"/>, its slice of the linear predictor in frame order.</summary>
    void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta);

    /// <summary>Where the effects r of term <paramref name="term"/> start in the outputs (coefficient-major: coefficient k of level j at k·J + j).</summary>
    int EffectOutputOffset(int term);

    /// <summary>
    /// The distribution of term <paramref name="term"/>'s effects for a level not in the data at one draw of the outputs, or
    /// null when the block cannot predict new levels.
    /// </summary>
    NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term);

    /// <summary>The kind of law <see cref="NewLevels"/> gives at every draw (<see cref="NewLevelTail.None"/> when it gives none).</summary>
    NewLevelTail NewLevelTail { get; }
}
