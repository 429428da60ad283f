// The response as a kernel reads it: two aligned arrays per observation plus precomputed constants.
namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// What a bound family keeps of the response: <see cref="Y"/> and <see cref="Aux"/> (their meaning is the
/// kernel's: y and trials for binomial, log y and log(1 − y) for beta, y and 1/se² for known se, ...),
/// the theta-free normalising constant of every observation and their sum, and data summaries that let
/// theta-only terms be summed in closed form (distinct values and their counts for the negative binomial).
/// Immutable after construction.
/// </summary>
internal sealed class ObservationData
{
    public ObservationData(double[] y, double[] aux, double[] constant, bool withDistinctY = false)
    {
        if (y.Length != aux.Length || y.Length != constant.Length) throw new ArgumentException("Arrays differ in length.");
        Y = y;
        Aux = aux;
        Constant = constant;
        double sum = 0, sumAux = 0;
        bool ones = true;
        for (int i = 0; i < constant.Length; i++)
        {
            sum += constant[i];
            sumAux += aux[i];
            ones &= aux[i] == 1.0;
        }
        AuxIsOnes = ones;
        ConstantSum = sum;
        SumAux = sumAux;
        if (withDistinctY)
        {
            var counts = new SortedDictionary<double, int>();
            foreach (double v in y) counts[v] = counts.TryGetValue(v, out int c) ? c + 1 : 1;
            DistinctY = [.. counts.Keys];
            DistinctCount = [.. counts.Values.Select(c => (double)c)];
        }
    }

    /// <summary>The first per-observation array (usually the response).</summary>
    public double[] Y { get; }

    /// <summary>The second per-observation array (trials, 1/se², log y, ...; ones when unused).</summary>
    public double[] Aux { get; }

    /// <summary>The theta-free log normalising constant of each observation.</summary>
    public double[] Constant { get; }

    /// <summary>Σ Constant.</summary>
    public double ConstantSum { get; }

    /// <summary>
    /// Whether every element of <see cref="Aux"/> is exactly 1 (unused, or bernoulli's trials): the vector loops then use a
    /// constant instead of streaming the array, 8 bytes per observation less to read, with the same results.
    /// </summary>
    public bool AuxIsOnes { get; }

    /// <summary>Σ Aux.</summary>
    public double SumAux { get; }

    /// <summary>The number of observations.</summary>
    public int Count => Y.Length;

    /// <summary>The distinct values of <see cref="Y"/>, ascending (only when requested).</summary>
    public double[] DistinctY { get; } = [];

    /// <summary>How often each of <see cref="DistinctY"/> occurs.</summary>
    public double[] DistinctCount { get; } = [];
}
