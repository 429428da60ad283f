// The hot loop (transitions, leapfrog steps, U-turn checks, momentum draws) allocates nothing.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Nuts;

public sealed class AllocationTests
{
    [Theory]
    [InlineData(MetricKind.Diagonal)]
    [InlineData(MetricKind.Dense)]
    public void TransitionsAllocateNothing(MetricKind kind)
    {
        var target = IndependentNormal.Standard(20);
        var metric = EuclideanMetric.Identity(kind, 20);
        var h = new Hamiltonian(target, metric);
        var nuts = new NutsTransition(h, new RandomStream(4), 10);
        var state = new Proposal(20);
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        var dualAveraging = new DualAveraging(0.8, 0.05, 0.75, 10) { Mu = Math.Log(10) };
        var estimator = kind == MetricKind.Dense ? (IMetricEstimator)new WelfordCovariance(20) : new WelfordVariance(20);
        for (int t = 0; t < 20; t++) nuts.Transition(state, 0.5);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int leapfrogs = 0;
        double eps = 0.5;
        for (int t = 0; t < 200; t++)
        {
            leapfrogs += nuts.Transition(state, eps).LeapfrogSteps;
            estimator.Add(state.Position);
            eps = Math.Min(1.0, dualAveraging.Learn(0.8));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(leapfrogs > 200);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void StepSizeHeuristicReturnsAPowerOfTwoTimesTheStartAndKeepsTheState()
    {
        var target = new IndependentNormal([0.01, 0.02]);
        var h = new Hamiltonian(target, new DiagonalMetric(2));
        var state = new Proposal(2);
        state.Position[0] = 0.01;
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        double eps = StepSizeInitializer.Find(h, new RandomStream(6), state, new PhasePoint(2), 1.0);
        double k = Math.Log2(eps);
        Assert.Equal(Math.Round(k), k);
        Assert.InRange(eps, 1.0 / 1024, 0.05); // must halve well below the scale 0.01–0.02
        Assert.Equal(0.01, state.Position[0]);
        Assert.Equal(-Math.Log2(eps) + 2, h.GradientEvaluations); // the probe, then one trial at each ε from the start down to the result
    }
}
