// Marks an exception thrown by the user's log density, so the chain can report where it happened.
namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>Carries an exception thrown inside <see cref="ILogDensity.Evaluate"/> up to the chain runner.</summary>
internal sealed class DensityFailureException(Exception inner) : Exception(inner.Message, inner);
