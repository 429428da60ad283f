// Thrown when the log density itself throws: a bug in the model, which stops the run.
namespace BayesGlmm.Sampling;

/// <summary>The log density threw an exception (a bug, not a rejected proposal); the run was stopped.</summary>
public sealed class LogDensityException : Exception
{
    /// <summary>
    /// Creates the exception. <paramref name="chain"/> is 0-based; <paramref name="iteration"/> is the 0-based
    /// iteration counted over warmup and sampling together, or −1 during initialisation.
    /// </summary>
    public LogDensityException(int chain, int iteration, int warmup, Exception innerException)
        : base(Describe(chain, iteration, warmup, innerException), innerException)
    {
        Chain = chain;
        Iteration = iteration;
    }

    /// <summary>The chain, 0-based.</summary>
    public int Chain { get; }

    /// <summary>The iteration, 0-based over warmup and sampling together; −1 during initialisation.</summary>
    public int Iteration { get; }

    private static string Describe(int chain, int iteration, int warmup, Exception inner)
    {
        string where = iteration < 0
            ? "during initialisation"
            : iteration < warmup
                ? $"at warmup iteration {iteration + 1}"
                : $"at sampling iteration {iteration - warmup + 1}";
        return $"Chain {chain + 1}: the log density threw {inner.GetType().Name} {where}: {inner.Message}";
    }
}
