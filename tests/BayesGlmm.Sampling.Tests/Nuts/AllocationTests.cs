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
    public void WalnutsTransitionsWithALowRankMetricAllocateNothing()
    {
        var target = new CentredFunnel(2.0, 5);
        var metric = new LowRankMetric(6);
        double r = Math.Sqrt(0.5);
        metric.Set([1, 1, 1, 1, 1, 1], [4, 0.25], [r, r, 0, 0, 0, 0, 0, 0, r, -r, 0, 0]);
        var nuts = new NutsTransition(new Hamiltonian(target, metric), new RandomStream(4), 10, new WalnutsOptions { MaxEnergyError = 0.5 });
        var state = new Proposal(6);
        state.Position[0] = 1;
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        for (int t = 0; t < 20; t++) nuts.Transition(state, 0.8);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long gradients = 0;
        for (int t = 0; t < 200; t++) gradients += nuts.Transition(state, 0.8).LeapfrogSteps;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(gradients > 200);
    }

    [Fact]
    public void FisherDiagonalWarmupAllocatesNothingPerDraw()
    {
        var target = new IndependentNormal([0.5, 2, 1, 3]);
        var options = new SamplerOptions { Adaptation = AdaptationKind.Fisher, Metric = MetricKind.Diagonal, Warmup = 1000 };
        var h = new Hamiltonian(target, new DiagonalMetric(4));
        var rng = new RandomStream(9);
        var nuts = new NutsTransition(h, rng, 10);
        var warmup = new FisherWarmup(h, rng, options);
        var state = new Proposal(4);
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        double eps = warmup.Begin(state);
        for (int t = 0; t < 20; t++) eps = warmup.Learn(t, nuts.Transition(state, eps), state);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 20; t < 900; t++) eps = warmup.Learn(t, nuts.Transition(state, eps), state);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
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
