// Posterior draws held as variables x chains x iterations, the input of every diagnostic and plot.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Posterior draws of named scalar variables from one or more chains of equal length. Each
/// (variable, chain) sequence is contiguous, so diagnostics read it as a span without copying.
/// Sampler quantities (<c>lp__</c>, <c>accept_stat__</c>, ...) may be held as variables too; their
/// names end in <c>__</c>.
/// </summary>
public sealed class Draws
{
    private readonly double[] _values;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates an all-zero array of draws to be filled through <see cref="Chain"/>.</summary>
    public Draws(IReadOnlyList<string> variables, int chainCount, int iterationCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(iterationCount);
        Variables = variables.ToArray();
        ChainCount = chainCount;
        IterationCount = iterationCount;
        _values = new double[checked(Variables.Count * chainCount * iterationCount)];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int v = 0; v < Variables.Count; v++)
        {
            if (!_index.TryAdd(Variables[v], v))
                throw new ArgumentException($"Variable '{Variables[v]}' appears twice.", nameof(variables));
        }
    }

    /// <summary>The variable names, in order.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The number of chains.</summary>
    public int ChainCount { get; }

    /// <summary>The number of iterations (draws) per chain.</summary>
    public int IterationCount { get; }

    /// <summary>The total number of draws, chains times iterations.</summary>
    public int DrawCount => ChainCount * IterationCount;

    /// <summary>The index of <paramref name="variable"/>, or -1 when there is none.</summary>
    public int IndexOf(string variable) => _index.TryGetValue(variable, out int v) ? v : -1;

    /// <summary>The draws of one variable in one chain (writable, contiguous).</summary>
    public Span<double> Chain(int variable, int chain) =>
        _values.AsSpan((variable * ChainCount + chain) * IterationCount, IterationCount);

    /// <summary>The draws of one variable, all chains one after another (chain 1 first).</summary>
    public ReadOnlySpan<double> AllChains(int variable) =>
        _values.AsSpan(variable * ChainCount * IterationCount, ChainCount * IterationCount);

    /// <summary>A copy of one variable's draws as one array per chain.</summary>
    public double[][] ChainsOf(int variable)
    {
        var result = new double[ChainCount][];
        for (int c = 0; c < ChainCount; c++) result[c] = Chain(variable, c).ToArray();
        return result;
    }

    /// <summary>A copy of one variable's draws as one array per chain, by name.</summary>
    public double[][] ChainsOf(string variable)
    {
        int v = IndexOf(variable);
        if (v < 0) throw new KeyNotFoundException($"No variable named '{variable}'.");
        return ChainsOf(v);
    }
}
