// Projected BFGS: an unconstrained valley, a minimum on a bound, a minimum inside the bounds.
using BayesGlmm.Numerics.Optimization;

namespace BayesGlmm.Numerics.Tests.Optimization;

public sealed class BoundedQuasiNewtonTests
{
    [Fact]
    public void RosenbrockValleyIsFollowedToItsMinimum()
    {
        var result = BoundedQuasiNewton.Minimize(TestObjectives.Rosenbrock, [-1.2, 1.0], [double.NegativeInfinity, double.NegativeInfinity]);
        Assert.True(result.Converged);
        Assert.Equal(1.0, result.Minimum[0], 6);
        Assert.Equal(1.0, result.Minimum[1], 6);
    }

    [Fact]
    public void AVarianceWhoseUnconstrainedMinimumIsNegativeStopsExactlyAtZero()
    {
        // f = (x0 + 1)² + (x1 − 2)² + x0 x1 / 2 with x0 ≥ 0: the minimum has x0 = 0 exactly, x1 = 2.
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 2 * (x[0] + 1) + 0.5 * x[1];
            g[1] = 2 * (x[1] - 2) + 0.5 * x[0];
            return (x[0] + 1) * (x[0] + 1) + (x[1] - 2) * (x[1] - 2) + 0.5 * x[0] * x[1];
        }
        var result = BoundedQuasiNewton.Minimize(F, [3.0, -1.0], [0.0, double.NegativeInfinity]);
        Assert.True(result.Converged);
        Assert.Equal(0.0, result.Minimum[0]);
        Assert.True(result.AtBound[0]);
        Assert.Equal(2.0, result.Minimum[1], 8);
    }

    [Fact]
    public void AnInteriorMinimumOfACorrelatedQuadraticIsFound()
    {
        // f = ½ (x − m)ᵀ A (x − m) with m inside the bounds.
        double[] m = [0.5, -2, 3];
        double[,] a = { { 4, 1, 0.5 }, { 1, 3, -0.4 }, { 0.5, -0.4, 2 } };
        double F(ReadOnlySpan<double> x, Span<double> g)
        {
            double value = 0;
            for (int i = 0; i < 3; i++)
            {
                g[i] = 0;
                for (int j = 0; j < 3; j++) g[i] += a[i, j] * (x[j] - m[j]);
                value += 0.5 * (x[i] - m[i]) * g[i];
            }
            return value;
        }
        var result = BoundedQuasiNewton.Minimize(F, [2.0, 2.0, 0.1], [0.0, double.NegativeInfinity, 0.0]);
        Assert.True(result.Converged);
        for (int i = 0; i < 3; i++) Assert.Equal(m[i], result.Minimum[i], 7);
        Assert.DoesNotContain(true, result.AtBound);
    }
}
