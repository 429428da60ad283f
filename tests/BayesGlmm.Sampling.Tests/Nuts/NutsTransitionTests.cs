// Tree building and the U-turn criterion in isolation, on small Gaussians with known trajectories.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;
using BayesGlmm.Sampling.Tests.Support;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Nuts;

public sealed class NutsTransitionTests
{
    [Fact]
    public void CriterionNeedsBothEndsToMoveWithTheSpan()
    {
        Assert.True(UTurnCriterion.Persists([1, 0], [1, 1], [2, 0.5]));
        Assert.False(UTurnCriterion.Persists([1, 0], [-1, 0], [0.5, 0]));
        Assert.False(UTurnCriterion.Persists([-1, 0], [1, 0], [0.5, 0]));
        Assert.False(UTurnCriterion.Persists([1, 0], [0, 1], [1, 0])); // exactly 0 stops (strict)
    }

    [Fact]
    public void CrossSubtreeChecksCatchATurnTheWholeSpanMisses()
    {
        // 1-d: A = {p = 1, p = −0.5} (ρ_A = 0.5), B = {p = 2} (ρ_B = 2); whole span ρ = 2.5 passes at both ends
        // only if velocities agree; A's last state (−0.5) against ρ_B + (−0.5) = 1.5 fails.
        double[] rhoA = [0.5], rhoB = [2], merged = [2.5], scratch = new double[1];
        Assert.True(UTurnCriterion.Persists([1], [2], merged));
        Assert.False(UTurnCriterion.PersistsAcrossMerge(merged, rhoA, rhoB, [1], [-0.5], [-0.5], [2], [2], [2], scratch));
        Assert.True(UTurnCriterion.PersistsAcrossMerge(merged, rhoA, rhoB, [1], [0.5], [0.5], [2], [2], [2], scratch));
    }

    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.3)]
    [InlineData(3, 0.05)]
    [InlineData(5, 0.6)]
    [InlineData(10, 0.01)]
    public void AgreesWithAnExplicitTrajectoryImplementation(int maxDepth, double epsilon)
    {
        // A 3-d Gaussian with unequal scales and a non-identity diagonal metric.
        var target = new IndependentNormal([0.5, 1.0, 3.0]);
        CompareWithReference(target, new DiagonalMetric(3), [0.4, 1.2, 6.0], maxDepth, epsilon, transitions: 300);
    }

    [Fact]
    public void AgreesWithTheExplicitTrajectoryThroughDivergences()
    {
        // Trajectories that run into the region x₀ > 0.8, where the density is NaN, diverge mid-tree.
        var target = new NaNBeyond(2, 0.8);
        CompareWithReference(target, new DiagonalMetric(2), [1.0, 1.0], maxDepth: 10, epsilon: 0.2, transitions: 300, expectDivergences: true);
    }

    [Fact]
    public void AgreesWithTheExplicitTrajectoryWithADenseMetric()
    {
        var target = CorrelatedGaussian.CorrGauss50();
        var metric = new DenseMetric(50);
        metric.SetInverseMetric(target.Covariance);
        CompareWithReference(target, metric, null, maxDepth: 10, epsilon: 0.4, transitions: 100);
    }

    private static void CompareWithReference(ILogDensity target, EuclideanMetric metric, double[]? inverseDiagonal, int maxDepth, double epsilon, int transitions, bool expectDivergences = false)
    {
        if (inverseDiagonal is not null) metric.SetInverseMetric(inverseDiagonal);
        int d = target.Dimension;
        var fastRng = new RandomStream(123);
        var refRng = new RandomStream(123);
        var fast = new NutsTransition(new Hamiltonian(target, metric), fastRng, maxDepth);
        var reference = new ExplicitTrajectoryNuts(new Hamiltonian(target, metric), refRng, maxDepth);

        var state = new Proposal(d);
        for (int i = 0; i < d; i++) state.Position[i] = 0.3 * (i % 3) - 0.2;
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        double[] q = (double[])state.Position.Clone();
        double[] g = (double[])state.Gradient.Clone();
        double lp = state.LogDensity;

        int divergences = 0, deepest = 0;
        for (int t = 0; t < transitions; t++)
        {
            TransitionResult a = fast.Transition(state, epsilon);
            var (refQ, refLp, b) = reference.Transition(q, g, lp, epsilon);
            Assert.Equal(b.LeapfrogSteps, a.LeapfrogSteps);
            Assert.Equal(b.TreeDepth, a.TreeDepth);
            Assert.Equal(b.Divergent, a.Divergent);
            Assert.Equal(b.AcceptStat, a.AcceptStat, 1e-12);
            Assert.Equal(b.Energy, a.Energy, 1e-9);
            for (int i = 0; i < d; i++) Assert.Equal(refQ[i], state.Position[i], 1e-12);
            Assert.Equal(refLp, state.LogDensity, 1e-12);
            Assert.True(a.LeapfrogSteps <= (1 << maxDepth) - 1);
            Assert.True(a.TreeDepth <= maxDepth);
            q = refQ;
            lp = refLp;
            target.Evaluate(q, g);
            if (a.Divergent) divergences++;
            deepest = Math.Max(deepest, a.TreeDepth);
        }
        if (expectDivergences) Assert.True(divergences > 0);
        Assert.True(deepest >= Math.Min(maxDepth, 2));
    }

    [Fact]
    public void DepthOneTreeIsOneLeapfrogStepFromEitherEnd()
    {
        var target = IndependentNormal.Standard(2);
        var h = new Hamiltonian(target, new DiagonalMetric(2));
        var nuts = new NutsTransition(h, new RandomStream(1), maxDepth: 1);
        var state = new Proposal(2);
        state.Position[0] = 0.5;
        state.LogDensity = target.Evaluate(state.Position, state.Gradient);
        for (int t = 0; t < 20; t++)
        {
            TransitionResult r = nuts.Transition(state, 0.2);
            Assert.Equal(1, r.LeapfrogSteps);
            Assert.Equal(1, r.TreeDepth);
        }
        Assert.Equal(20, h.GradientEvaluations); // one evaluation per step, none at the start point
    }

    [Fact]
    public void FixedStepKernelLeavesTheOneDimensionalNormalInvariant()
    {
        // No adaptation: the transition alone must preserve N(0, 1) (detailed balance of the multinomial scheme).
        var target = IndependentNormal.Standard(1);
        var chains = new List<double[]>();
        for (int c = 0; c < 4; c++)
        {
            var nuts = new NutsTransition(new Hamiltonian(target, new DiagonalMetric(1)), new RandomStream(77, (ulong)c), 10);
            var state = new Proposal(1);
            state.Position[0] = 0.1 * c;
            state.LogDensity = target.Evaluate(state.Position, state.Gradient);
            double[] xs = new double[4000];
            for (int t = 0; t < xs.Length; t++)
            {
                nuts.Transition(state, 0.9);
                xs[t] = state.Position[0];
            }
            chains.Add(xs);
        }
        double z = RunDraws.SimultaneousZ(3);
        var (m, se) = MonteCarlo.Estimate(chains);
        Assert.True(Math.Abs(m) <= z * se, $"mean {m}, MCSE {se}");
        var (v, seV) = MonteCarlo.Estimate(chains.Select(x => x.Select(y => y * y).ToArray()).ToList());
        Assert.True(Math.Abs(v - 1) <= z * seV, $"E[x²] {v}, MCSE {seV}");
        var (p, seP) = MonteCarlo.Estimate(chains.Select(x => x.Select(y => y < -1 ? 1.0 : 0.0).ToArray()).ToList());
        Assert.True(Math.Abs(p - 0.15865525393145707) <= z * seP, $"P(x < −1) {p}, MCSE {seP}");
    }
}
