// One chain's evaluator of a random-effect block: forward, its part of the linear predictor, the scatter, backward.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// A block's part of one evaluation of the log density and its gradient, with the chain's own scratch (see
/// <see cref="IRandomEffectBlock"/>). The model calls, in this order: <see cref="Forward"/> for every block; the likelihood
/// pass, during which <see cref="AddTo"/> and <see cref="AccumulateGradient"/> see consecutive chunks of the observations in
/// the model's evaluation order (start 0 begins a pass; the whole slice at once when the family is not piecewise), or, for
/// an <see cref="IntegratedKernel"/>, its <see cref="IntegratedKernel.Likelihood"/>; then <see cref="Backward"/> for every
/// block. <c>logPrior</c> gathers brms's lprior (priors of hyperparameters, no Jacobians), <c>extra</c> the Jacobians of the
/// transforms and the density of the latent values; the model adds both and the likelihood. Nothing may allocate.
/// </summary>
public abstract class RandomEffectKernel
{
    /// <summary>Reads the block's parameters from <paramref name="position"/> and forms its effects; adds what it owes before the likelihood.</summary>
    public abstract void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra);

    /// <summary>eta[i] += the block's part of observation start + i (eta: a chunk of its slice of the linear predictor).</summary>
    public abstract void AddTo(Span<double> eta, int start);

    /// <summary>Gathers ∂ℓ/∂η of observations start .. start + gradientEta.Length into ∂/∂(its effects).</summary>
    public abstract void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start);

    /// <summary>Adds the gradient of its parameters (through its effects, priors and Jacobians) to <paramref name="gradient"/>; adds its remaining priors.</summary>
    public abstract void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior);
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

    /// <summary>Nothing: the effects do not enter the linear predictor.</summary>
    public sealed override void AddTo(Span<double> eta, int start) { }

    /// <summary>Nothing: <see cref="Likelihood"/> gives the block's derivatives.</summary>
    public sealed override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start) { }
}
