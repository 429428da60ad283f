// One chain's evaluator of a random-effect block: forward, its part of the linear predictor, the scatter, backward.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// A block's part of one evaluation of the log density and its gradient, with the chain's own scratch (see
/// <see cref="IRandomEffectBlock"/>). The model calls, in this order: <see cref="Forward"/> for every block; the likelihood
/// pass, during which <see cref="AddTo"/> and <see cref="AccumulateGradient"/> see consecutive chunks of the observations in
/// the model's evaluation order (start 0 begins a pass; the whole slice at once when the family is not piecewise), or, for
/// an <see cref="IntegratedKernel"/>, its <see cref="IntegratedKernel.Likelihood"/>; then <see cref="Backward"/> for every
/// block. With within-chain parallelism the evaluator instead gives each fixed partition of the observations kernels of its
/// own (<see cref="CreatePartition(int, int)"/>), which see that partition's chunks, and then <see cref="GatherPartitions"/>.
/// <c>logPrior</c> gathers brms's lprior (priors of hyperparameters, no Jacobians), <c>extra</c> the Jacobians of the
/// transforms and the density of the latent values; the model adds both and the likelihood. Nothing may allocate.
/// </summary>
public abstract class RandomEffectKernel
{
    /// <summary>Reads the block's parameters from <paramref name="position"/> and forms its effects; adds what it owes before the likelihood.</summary>
    public abstract void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra);

    /// <summary>eta[i] += the block's part of observation start + i (eta: a chunk of its slice of the linear predictor).</summary>
    public abstract void AddTo(Span<double> eta, int start);

    /// <summary>
    /// Whether <see cref="SetEta"/> may stand in for clearing η and <see cref="AddTo"/>: the block is one random intercept
    /// over runs of observations (<see cref="TermMatrix.CanSet"/>).
    /// </summary>
    public virtual bool CanSetEta => false;

    /// <summary>eta[i] = constant + the block's part of observation start + i (only when <see cref="CanSetEta"/>).</summary>
    public virtual void SetEta(Span<double> eta, double constant, int start) =>
        throw new NotSupportedException("This block does not start the linear predictor.");

    /// <summary>Gathers ∂ℓ/∂η of observations start .. start + gradientEta.Length into ∂/∂(its effects).</summary>
    public abstract void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start);

    /// <summary>Adds the gradient of its parameters (through its effects, priors and Jacobians) to <paramref name="gradient"/>; adds its remaining priors.</summary>
    public abstract void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior);

    /// <summary>
    /// A kernel for one fixed partition of the observations, <paramref name="start"/> .. <paramref name="end"/> − 1 (within-chain
    /// parallelism): its <see cref="AddTo"/> reads this kernel's effects as this kernel's <see cref="Forward"/> left them, and its
    /// <see cref="AccumulateGradient"/> gathers into the partition's own buffer, cleared when a pass begins at
    /// <paramref name="start"/> (a kernel may clear and gather only the effects those observations reach). Only those two are
    /// called on it, for consecutive chunks of its partition, from one thread at a time, after this kernel's
    /// <see cref="Forward"/> and before <see cref="GatherPartitions"/>.
    /// </summary>
    public abstract RandomEffectKernel CreatePartition(int start, int end);

    /// <summary>
    /// Takes the place of <see cref="AccumulateGradient"/> over every chunk: sets what this kernel gathered to the sum of what
    /// <paramref name="partitions"/> (made by <see cref="CreatePartition(int, int)"/>, covering the observations once) gathered, added
    /// in the order given, so that the result does not depend on which thread evaluated which partition.
    /// </summary>
    public abstract void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions);

    /// <summary>
    /// An exact move of the block's values in <paramref name="position"/> that leaves the posterior invariant and needs no
    /// likelihood, such as <see cref="ScaleInterweaving"/>, keeping the linear predictor; <paramref name="gradient"/> and
    /// <paramref name="logDensity"/> hold the model's at the point, and are brought to the moved point where the block can
    /// (<see cref="InterweaveEffect.Updated"/>). Deterministic given <paramref name="rng"/>, and it allocates nothing. None by
    /// default.
    /// </summary>
    public virtual InterweaveEffect Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng) =>
        InterweaveEffect.None;
}

/// <summary>
/// The kernel of a block whose effects are integrated out: it contributes to the log density directly, not through η.
/// </summary>
public abstract class IntegratedKernel : RandomEffectKernel
{
    /// <summary>
    /// log ∫ p(y | η + its effects, θ) p(its effects | its hyperparameters) d(its effects), given <paramref name="eta"/>, the
    /// linear predictor without its effects (evaluation order), and θ; fills ∂/∂η and every element of ∂/∂θ and keeps the
    /// derivatives in its own parameters for <see cref="RandomEffectKernel.Backward"/>.
    /// </summary>
    public abstract double Likelihood(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta);

    /// <summary>
    /// Whether <see cref="LikelihoodAtCoefficients"/> may replace <see cref="Likelihood"/> when this block is the model's only
    /// one: the likelihood is then a function of the coefficients b through sufficient statistics, with no pass over the
    /// observations.
    /// </summary>
    public virtual bool TakesCoefficients => false;

    /// <summary>
    /// The same value as <see cref="Likelihood"/> at η = X b + offset (X as the evaluator forms it), from b directly; fills
    /// ∂/∂b, every element of ∂/∂θ and keeps the derivatives in its own parameters for <see cref="RandomEffectKernel.Backward"/>.
    /// Only when <see cref="TakesCoefficients"/>.
    /// </summary>
    public virtual double LikelihoodAtCoefficients(ReadOnlySpan<double> b, ReadOnlySpan<double> theta, Span<double> gradientB, Span<double> gradientTheta) =>
        throw new NotSupportedException("This block's likelihood needs the linear predictor.");

    /// <summary>Nothing: the effects do not enter the linear predictor.</summary>
    public sealed override void AddTo(Span<double> eta, int start) { }

    /// <summary>Nothing: <see cref="Likelihood"/> gives the block's derivatives.</summary>
    public sealed override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start) { }

    /// <summary>Not used: the likelihood of a block that integrates its effects out is evaluated over whole arrays, never in partitions.</summary>
    public sealed override RandomEffectKernel CreatePartition(int start, int end) =>
        throw new NotSupportedException("A block that integrates its effects out is evaluated over whole arrays.");

    /// <summary>Not used (see <see cref="CreatePartition"/>).</summary>
    public sealed override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions) =>
        throw new NotSupportedException("A block that integrates its effects out is evaluated over whole arrays.");
}
