// Thrown when a chain finds no starting point, or is given one, without a finite log density and gradient.
namespace BayesGlmm.Sampling;

/// <summary>No initial point with a finite log density and gradient was found within the allowed attempts, or the point given has none.</summary>
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

    /// <summary>
    /// Creates the exception for <paramref name="chain"/> (0-based) whose given initial point (<see cref="SamplerOptions.InitialPoints"/>)
    /// has a log density <paramref name="logDensity"/>, a first non-finite coordinate <paramref name="coordinate"/> and a first
    /// non-finite gradient component <paramref name="gradientComponent"/> (−1 where there is none).
    /// </summary>
    public SamplerInitializationException(int chain, double logDensity, int coordinate, int gradientComponent)
        : base($"Chain {chain + 1}: the initial point given " + GivenProblem(logDensity, coordinate, gradientComponent) +
               "; the sampler cannot start there. Give a point inside the model's support, or use the random initialisation.")
    {
        Chain = chain;
        Attempts = 1;
    }

    private static string GivenProblem(double logDensity, int coordinate, int gradientComponent) =>
        coordinate >= 0 ? $"has a value that is not finite at unconstrained coordinate {coordinate + 1}"
        : !double.IsFinite(logDensity) ? $"has a log density of {logDensity.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : $"has a gradient that is not finite at unconstrained coordinate {gradientComponent + 1}";

    /// <summary>The chain, 0-based.</summary>
    public int Chain { get; }

    /// <summary>The number of failed attempts.</summary>
    public int Attempts { get; }
}
