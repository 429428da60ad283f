// The simultaneous confidence band for the ECDF of N uniform ranks on a K-point grid, with its adjusted γ.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// A simultaneous band for N·F̂(z_i), i = 0..K, z_i = i/K (Säilynoja, Bürkner &amp; Vehtari 2022,
/// "Graphical test for discrete uniformity and its applications in goodness-of-fit evaluation and
/// multiple sample comparison", Stat. Comput. 32:32, section 2): pointwise binomial quantiles at γ/2 and
/// 1 − γ/2, with γ adjusted so that the whole ECDF of uniform ranks stays inside with probability
/// <see cref="Probability"/>.
/// </summary>
/// <param name="SimulationCount">N, the number of ranks.</param>
/// <param name="GridSize">K, the number of grid intervals (points z_0..z_K).</param>
/// <param name="Probability">The requested simultaneous coverage (0.95 by default).</param>
/// <param name="Gamma">The adjusted pointwise level γ.</param>
/// <param name="Coverage">The simultaneous coverage the band reaches at <see cref="Gamma"/> (a step function of γ, so not exactly <see cref="Probability"/>).</param>
/// <param name="LowerCounts">qbinom(γ/2, N, z_i) for i = 0..K.</param>
/// <param name="UpperCounts">qbinom(1 − γ/2, N, z_i) for i = 0..K.</param>
public sealed record SimultaneousBand(
    int SimulationCount,
    int GridSize,
    double Probability,
    double Gamma,
    double Coverage,
    IReadOnlyList<int> LowerCounts,
    IReadOnlyList<int> UpperCounts)
{
    /// <summary>The grid point z_i = i/K, as the reference packages compute it.</summary>
    public static double GridPoint(int i, int k) => (double)i / k;

    /// <summary>
    /// The band whose γ is adjusted by <see cref="AdjustGamma"/> for N ranks on K intervals
    /// (SBC's and bayesplot's <c>adjust_gamma</c> with one chain, optimize method, never interpolated).
    /// </summary>
    public static SimultaneousBand Compute(int simulationCount, int gridSize, double probability = 0.95)
    {
        double gamma = AdjustGamma(simulationCount, gridSize, probability);
        return ForGamma(simulationCount, gridSize, gamma, probability);
    }

    /// <summary>The band at a given pointwise level γ, with its simultaneous coverage.</summary>
    public static SimultaneousBand ForGamma(int simulationCount, int gridSize, double gamma, double probability = double.NaN)
    {
        Validate(simulationCount, gridSize);
        var lower = new int[gridSize + 1];
        var upper = new int[gridSize + 1];
        for (int i = 0; i <= gridSize; i++)
        {
            double z = GridPoint(i, gridSize);
            lower[i] = Binomial.Quantile(gamma / 2, simulationCount, z);
            upper[i] = Binomial.Quantile(1 - gamma / 2, simulationCount, z);
        }
        return new SimultaneousBand(simulationCount, gridSize, probability, gamma,
            CoverageAt(gamma, simulationCount, gridSize), lower, upper);
    }

    /// <summary>
    /// γ minimising |prob − coverage(γ)| on [0, 1 − prob], found by Brent's localmin with tol = ε^¼ as R's
    /// <c>optimize</c> finds it (Säilynoja et al. 2022, sec. 2.2, the "optimize" method of SBC and bayesplot).
    /// coverage is a step function of γ, so the answer is one point of the flat step Brent settles in.
    /// </summary>
    public static double AdjustGamma(int simulationCount, int gridSize, double probability = 0.95)
    {
        Validate(simulationCount, gridSize);
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability));
        return BrentMinimizer.Minimize(
            gamma => Math.Abs(probability - CoverageAt(gamma, simulationCount, gridSize)),
            0.0, 1.0 - probability);
    }

    /// <summary>
    /// The probability that the scaled ECDF N·F̂(z_i) of N independent uniform ranks stays, at every
    /// i = 1..K−1, inside I_i = [qbinom(γ/2, N, z_i), N − qbinom(γ/2, N, z_{K−i})]: the forward recursion of
    /// Säilynoja et al. (2022, sec. 2.2), in which, given N·F̂(z_{i−1}) = y, the count N·F̂(z_i) − y is
    /// Bin(N − y, z̃) with z̃ = (z_i − z_{i−1})/(1 − z_{i−1}).
    /// </summary>
    public static double CoverageAt(double gamma, int simulationCount, int gridSize)
    {
        Validate(simulationCount, gridSize);
        int n = simulationCount, k = gridSize;
        // x2_lower_i = qbinom(γ/2, N, z_i) for i = 1..K (z_K = 1); the upper ends by the z ↔ 1 − z symmetry.
        var lowerAt = new int[k + 1];
        for (int i = 1; i <= k; i++) lowerAt[i] = Binomial.Quantile(gamma / 2, n, i == k ? 1.0 : GridPoint(i, k));

        // The states are counts y in [from, to] with probability mass current[y - from].
        int from = 0, to = 0;
        double[] current = [1.0];
        var row = new double[n + 1];
        for (int i = 1; i <= k; i++)
        {
            int lo, hi;
            if (i < k)
            {
                int a = lowerAt[i], b = n - lowerAt[k - i];
                lo = Math.Min(a, b);
                hi = Math.Max(a, b);
            }
            else
            {
                lo = n;
                hi = n;
            }
            double z1 = i == 1 ? 0.0 : GridPoint(i - 1, k);
            double z2 = i == k ? 1.0 : GridPoint(i, k);
            double zTilde = (z2 - z1) / (1.0 - z1);
            var next = new double[hi - lo + 1];
            for (int y = from; y <= to; y++)
            {
                double mass = current[y - from];
                if (mass == 0) continue;
                int xStart = Math.Max(lo, y);
                if (xStart > hi) continue;
                // Only the increments x − y that land in I_i are needed.
                Span<double> pmf = row.AsSpan(0, hi - xStart + 1);
                Binomial.FillPmfRange(n - y, zTilde, xStart - y, hi - y, pmf);
                for (int x = xStart; x <= hi; x++) next[x - lo] += mass * pmf[x - xStart];
            }
            current = next;
            from = lo;
            to = hi;
        }
        double total = 0.0;
        foreach (double m in current) total += m;
        return total;
    }

    /// <summary>The band as ECDF values: LowerCounts[i]/N.</summary>
    public double Lower(int i) => (double)LowerCounts[i] / SimulationCount;

    /// <summary>The band as ECDF values: UpperCounts[i]/N.</summary>
    public double Upper(int i) => (double)UpperCounts[i] / SimulationCount;

    private static void Validate(int simulationCount, int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(simulationCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
    }
}
