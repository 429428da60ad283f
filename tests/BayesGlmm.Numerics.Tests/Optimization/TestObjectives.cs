// Objectives shared by the optimiser tests.
namespace BayesGlmm.Numerics.Tests.Optimization;

internal static class TestObjectives
{
    /// <summary>Rosenbrock's valley (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).</summary>
    public static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }
}
