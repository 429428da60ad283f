// Reads loo 2.5.1's reference files copied beside the test binaries.
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;

namespace BayesGlmm.Analysis.Tests.ModelComparison;

internal static class LooReference
{
    private static readonly Lazy<LogLikelihoodMatrix> LazyMatrix = new(ReadMatrix);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "loo", name);

    /// <summary>The 4000 × 60 log-likelihood matrix (one chain as far as r_eff is concerned).</summary>
    public static LogLikelihoodMatrix Matrix => LazyMatrix.Value;

    private static LogLikelihoodMatrix ReadMatrix()
    {
        var lines = File.ReadAllLines(PathOf("loo_loglik.csv")).Where(l => l.Length > 0).ToArray();
        int columns = lines[0].Split(',').Length;
        var values = new double[(lines.Length - 1) * columns];
        for (int r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (int c = 0; c < columns; c++) values[(r - 1) * columns + c] = double.Parse(cells[c], CultureInfo.InvariantCulture);
        }
        return new LogLikelihoodMatrix(values, lines.Length - 1, columns);
    }

    /// <summary>quantity → (estimate, se) from loo_expected.csv or waic_expected.csv.</summary>
    public static Dictionary<string, (double Estimate, double Se)> Totals(string name)
    {
        var result = new Dictionary<string, (double, double)>();
        foreach (var line in File.ReadAllLines(PathOf(name)).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            result[cells[0].Trim('"')] = (Parse(cells[1]), Parse(cells[2]));
        }
        return result;
    }

    /// <summary>The columns elpd_loo, p_loo, looic, pareto_k of loo_pointwise_expected.csv.</summary>
    public static (double[] Elpd, double[] P, double[] LooIc, double[] K) Pointwise()
    {
        var rows = File.ReadAllLines(PathOf("loo_pointwise_expected.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).ToArray();
        return (rows.Select(r => Parse(r[1])).ToArray(), rows.Select(r => Parse(r[2])).ToArray(),
            rows.Select(r => Parse(r[3])).ToArray(), rows.Select(r => Parse(r[4])).ToArray());
    }

    public static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>|actual − expected| ≤ 1e-6 |expected| (plus a tiny absolute floor for values at 0).</summary>
    public static void AssertRelative(double expected, double actual, string what)
    {
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected) + 1e-12,
            $"{what}: {actual:R} vs loo's {expected:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
    }
}
