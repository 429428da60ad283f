// The model boundary: a log density on an unconstrained R^d with its gradient.
namespace BayesGlmm.Sampling;

/// <summary>
/// A log density on the unconstrained space R^d, the only thing the sampler knows of a model.
/// </summary>
/// <remarks>
/// Contract (Stan's and nuts-rs's): <see cref="Evaluate"/> writes the gradient of the log density at
/// <c>position</c> into the caller-owned <c>gradient</c> span (length <see cref="Dimension"/>) and
/// returns the log density, up to an additive constant. A non-finite return value (NaN or ±∞) is a
/// rejected proposal: the sampler treats it as a divergence. An exception is a bug and stops the run.
/// Implementations must be safe to call from one thread at a time per instance; the sampler gives each
/// chain its own instance through <see cref="ILogDensityFactory"/> or calls a thread-safe one.
/// </remarks>
public interface ILogDensity
{
    /// <summary>The number of unconstrained parameters d.</summary>
    int Dimension { get; }

    /// <summary>Fills <paramref name="gradient"/> with the gradient at <paramref name="position"/> and returns the log density.</summary>
    double Evaluate(ReadOnlySpan<double> position, Span<double> gradient);
}

/// <summary>
/// A log density whose prior and likelihood parts can be reported separately, as power-scaling
/// sensitivity and LOO need. <c>Evaluate = LogPrior + LogLikelihood + log |Jacobian|</c> up to a constant.
/// </summary>
public interface ISeparableLogDensity : ILogDensity
{
    /// <summary>The log prior density (no Jacobian) and the log likelihood at <paramref name="position"/>.</summary>
    (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position);
}

/// <summary>Makes one independent <see cref="ILogDensity"/> per chain, for densities that keep scratch buffers.</summary>
public interface ILogDensityFactory
{
    /// <summary>The number of unconstrained parameters d.</summary>
    int Dimension { get; }

    /// <summary>A density for one chain's exclusive use.</summary>
    ILogDensity Create();
}
