// L-BFGS: the Rosenbrock valley, a badly scaled quadratic in many variables, a start far out on an exponential, and a start that is not finite.
using BayesGlmm.Numerics.Optimization;

namespace BayesGlmm.Numerics.Tests.Optimization;

public sealed class LimitedMemoryBfgsTests
{
    [Fact]
    public void RosenbrockValleyIsFollowedToItsMinimum()
    {
        var result = LimitedMemoryBfgs.Minimize(TestObjectives.Rosenbrock, [-1.2, 1.0], new LimitedMemoryBfgsOptions(GradientTolerance: 1e-10, RelativeValueTolerance: 0, MaximumIterations: 1000));
        Assert.True(result.Converged);
        Assert.Equal(1.0, result.Minimum[0], 6);
        Assert.Equal(1.0, result.Minimum[1], 6);
    }

    [Fact]
    public void QuadraticInAThousandVariablesWithScalesOverFourDecadesIsSolved()
    {
        // f = Σ c_i (x_i − i/n)² / 2 with c_i from 0.01 to 100 and a chain coupling: the minimum is x_i = i/n.
        const int n = 1000;
        var c = Enumerable.Range(0, n).Select(i => Math.Pow(10, -2 + 4.0 * i / (n - 1))).ToArray();
        double F(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double r = x[i] - (double)i / n;
                f += 0.5 * c[i] * r * r;
                g[i] = c[i] * r;
            }
            for (int i = 0; i + 1 < n; i++)
            {
                double r = (x[i] - (double)i / n) - (x[i + 1] - (double)(i + 1) / n);
                f += 0.05 * r * r;
                g[i] += 0.1 * r;
                g[i + 1] -= 0.1 * r;
            }
            return f;
        }
        var result = LimitedMemoryBfgs.Minimize(F, new double[n], new LimitedMemoryBfgsOptions(GradientTolerance: 1e-8, RelativeValueTolerance: 0, MaximumIterations: 5000));
        Assert.True(result.Converged);
        for (int i = 0; i < n; i++) Assert.Equal((double)i / n, result.Minimum[i], 5);
    }

    [Fact]
    public void AStartFarOutOnAnExponentialReachesTheMinimum()
    {
        // e^{100 x₀} − 100 x₀ + (x₁ − 1)², minimum 1 at (0, 1), from x₀ = 1.94 where f ≈ 10⁸⁴: a Poisson rate with a
        // covariate in the hundreds at a random start. The first gradient step leaves a curvature pair whose y is the far
        // end's, so the next step falls below f's resolution; the search must restart from the gradient, not stop there.
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            double e = Math.Exp(100 * x[0]);
            g[0] = 100 * e - 100;
            g[1] = 2 * (x[1] - 1);
            return e - 100 * x[0] + (x[1] - 1) * (x[1] - 1);
        }
        var result = LimitedMemoryBfgs.Minimize(F, [1.94, -1.0], new LimitedMemoryBfgsOptions(MaximumIterations: 200, RelativeValueTolerance: 1e-8));
        Assert.True(result.Value < 1 + 1e-6, $"f = {result.Value:R} after {result.Iterations} iterations");
        Assert.Equal(0.0, result.Minimum[0], 3);
        Assert.Equal(1.0, result.Minimum[1], 3);
    }

    [Fact]
    public void StepsIntoRegionsWhereTheObjectiveIsNotFiniteAreShortened()
    {
        // −log x + x on x > 0 (minimum at 1), +∞ elsewhere, from x = 10 where the first gradient step overshoots below 0.
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            if (x[0] <= 0) return double.PositiveInfinity;
            g[0] = 1 - 1 / x[0];
            return x[0] - Math.Log(x[0]);
        }
        var result = LimitedMemoryBfgs.Minimize(F, [10.0], new LimitedMemoryBfgsOptions(GradientTolerance: 1e-10, RelativeValueTolerance: 0));
        Assert.Equal(1.0, result.Minimum[0], 8);
    }

    [Fact]
    public void AStartWhereTheObjectiveIsNotFiniteIsRefused()
    {
        static double F(ReadOnlySpan<double> x, Span<double> g) => double.NaN;
        Assert.Throws<ArgumentException>(() => LimitedMemoryBfgs.Minimize(F, [0.0]));
    }
}
