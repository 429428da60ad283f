// Thrown when a chain finds no starting point with a finite log density and gradient.
namespace BayesGlmm.Sampling;

/// <summary>No initial point with a finite log density and gradient was found within the allowed attempts.</summary>
public sealed class SamplerInitializationException : Exception
{
    /// <summary>Creates the exception for <paramref name="chain"/> (0-based) after <paramref name="attempts"/> failures.</summary>
    public SamplerInitializationException(int chain, int attempts, double initRadius)
        : base($"Chain {chain + 1}: no initial value with a finite log density and gradient was found after {attempts} attempts " +
               $"(values drawn uniformly from (-{initRadius}, {initRadius}) on the unconstrained scale). " +
               "Check the model for values that make the density infinite or undefined, or use a smaller initial radius.")
    {
        Chain = chain;
        Attempts = attempts;
    }

    /// <summary>The chain, 0-based.</summary>
    public int Chain { get; }

    /// <summary>The number of failed attempts.</summary>
    public int Attempts { get; }
}
