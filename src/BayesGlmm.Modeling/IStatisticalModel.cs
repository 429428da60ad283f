// What a fitted-or-fittable model offers beyond its log density: reported quantities, pointwise
// log-likelihood, replicated data and prior draws, all computed from one draw of the reported quantities.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling;

/// <summary>
/// A Bayesian model ready for sampling and for the posterior tools.
/// </summary>
/// <remarks>
/// Two spaces: the <em>unconstrained</em> position the sampler moves in (<see cref="ILogDensity.Dimension"/>
/// values) and the <em>reported</em> quantities named by <see cref="OutputNames"/> in brms's names
/// (<c>b_Intercept</c>, <c>sd_g__Intercept</c>, <c>cor_g__Intercept__x</c>, <c>sigma</c>,
/// <c>r_g[level,Intercept]</c>, ...). Everything after sampling (LOO, posterior predictive checks,
/// sensitivity, SBC ranks) works from reported draws, so it can be recomputed from a saved draws file.
/// The model's own <see cref="ILogDensity.Evaluate"/> is for one thread at a time;
/// <see cref="ILogDensityFactory.Create"/> gives each chain an independent evaluator sharing the data.
/// </remarks>
public interface IStatisticalModel : ISeparableLogDensity, ILogDensityFactory
{
    /// <summary>The names of the reported quantities, in output order (brms names).</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>The number of observations (the length of the pointwise log-likelihood and of a replicate).</summary>
    int ObservationCount { get; }

    /// <summary>
    /// Writes the reported quantities for one unconstrained position into <paramref name="outputs"/>.
    /// Quantities drawn per draw (a marginalised HGLM's u from its exact conditional) use <paramref name="rng"/>.
    /// </summary>
    void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng);

    /// <summary>The log prior density (no Jacobian) at one draw of the reported quantities.</summary>
    double LogPrior(ReadOnlySpan<double> outputs);

    /// <summary>Fills <paramref name="logLikelihood"/> (length N) with log p(y_n | draw), conditional on the group-level effects.</summary>
    void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood);

    /// <summary>Fills <paramref name="replicate"/> (length N) with a response simulated from the model at one draw.</summary>
    void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate);

    /// <summary>Draws every reported quantity from the prior (group-level effects from their distribution given the drawn hyperparameters).</summary>
    void DrawFromPrior(RandomStream rng, Span<double> outputs);

    /// <summary>The same model with a different response (same design, trials, offsets and priors).</summary>
    IStatisticalModel WithResponse(double[] response);
}
