using BayesGlmm.Analysis.Calibration;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class BrentMinimizerTests
{
    [Fact]
    public void FindsTheMinimumOfASmoothFunctionWithinTolerance()
    {
        double x = BrentMinimizer.Minimize(t => (t - 0.3) * (t - 0.3) + 1, 0, 1);
        Assert.InRange(x, 0.3 - 1e-4, 0.3 + 1e-4);
    }

    [Fact]
    public void FirstEvaluationIsAtTheGoldenSectionPoint()
    {
        var points = new List<double>();
        BrentMinimizer.Minimize(t => { points.Add(t); return Math.Cos(t); }, 0, 5);
        Assert.Equal(0 + (3 - Math.Sqrt(5)) / 2 * 5, points[0]);
        Assert.InRange(points[^1], Math.PI - 1e-3, Math.PI + 1e-3);
    }

    [Fact]
    public void DefaultToleranceIsTheFourthRootOfMachineEpsilon() =>
        Assert.Equal(Math.Pow(2, -13), BrentMinimizer.DefaultTolerance);
}
