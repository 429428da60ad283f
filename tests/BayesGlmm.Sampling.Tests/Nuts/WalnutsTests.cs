// WALNUTS macro steps: identical to leapfrog NUTS when never refined, reversible when accepted, exact when refined.
using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;
using BayesGlmm.Sampling.Tests.Support;
using BayesGlmm.Sampling.Tests.Targets;

namespace BayesGlmm.Sampling.Tests.Nuts;

public sealed class WalnutsTests
{
    [Fact]
    public void WithAHugeThresholdTransitionsEqualLeapfrogNuts()
    {
        var target = new IndependentNormal([0.5, 1, 3]);
        var a = new NutsTransition(new Hamiltonian(target, new DiagonalMetric(3)), new RandomStream(5), 10);
        var b = new NutsTransition(new Hamiltonian(target, new DiagonalMetric(3)), new RandomStream(5), 10, new WalnutsOptions { MaxEnergyError = 1e10 });
        var sa = Start(target);
        var sb = Start(target);
        for (int t = 0; t < 300; t++)
        {
            var ra = a.Transition(sa, 0.9);
            var rb = b.Transition(sb, 0.9);
            Assert.Equal(ra, rb);
            Assert.Equal(sa.Position, sb.Position);
        }
    }

    [Fact]
    public void AReversibleMacroStepRetracesItselfBackwards()
    {
        // On the centred funnel (curvature changing by orders of magnitude), every macro step that reports
        // reversible must return to its start when run backwards from its end, with the same refinement.
        var target = new CentredFunnel(3.0, 4);
        var h = new Hamiltonian(target, new DiagonalMetric(5));
        var step = new WalnutsMacroStep(h, new WalnutsOptions { MaxEnergyError = 0.5 });
        var rng = new RandomStream(21);
        var z = new PhasePoint(5);
        var back = new PhasePoint(5);
        int refined = 0, checkedSteps = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            z.Position[0] = 6 * rng.NextDouble() - 4;
            for (int i = 1; i < 5; i++) z.Position[i] = Math.Exp(z.Position[0] / 2) * rng.NextStandardNormal();
            z.LogDensity = h.Evaluate(z.Position, z.Gradient);
            h.SampleMomentum(z, rng);
            double[] q0 = (double[])z.Position.Clone();
            double h0 = z.Energy;
            if (!step.Step(z, 0.6, h0, 1000)) continue;
            int k = step.Halvings;
            if (!(z.Energy - h0 <= 1000)) continue;
            back.CopyFrom(z);
            Assert.True(step.Step(back, -0.6, back.Energy, 1000));
            Assert.Equal(k, step.Halvings);
            for (int i = 0; i < 5; i++) Assert.Equal(q0[i], back.Position[i], 1e-8 * (1 + Math.Abs(q0[i])));
            checkedSteps++;
            if (k > 0) refined++;
        }
        Assert.True(refined > 20 && checkedSteps > 100, $"{refined} refined of {checkedSteps}");
    }

    [Fact]
    public void RefinedStepsSampleTheTargetAtAStepSizeLeapfrogCannotTake()
    {
        // On N(0, 1) leapfrog is unstable for ε > 2; at ε = 2.6 plain NUTS diverges on every transition, WALNUTS refines
        // and must give mean 0 and variance 1 within Monte Carlo error (nuts-rs's moments_with_splitting check).
        var target = IndependentNormal.Standard(5);
        var nuts = new NutsTransition(new Hamiltonian(target, new DiagonalMetric(5)), new RandomStream(8), 10, new WalnutsOptions { MaxEnergyError = 0.5 });
        var state = Start(target);
        const int n = 4000;
        var draws = new double[5][];
        for (int i = 0; i < 5; i++) draws[i] = new double[n];
        int divergent = 0;
        for (int t = 0; t < n; t++)
        {
            var r = nuts.Transition(state, 2.6);
            if (r.Divergent) divergent++;
            for (int i = 0; i < 5; i++) draws[i][t] = state.Position[i];
        }
        Assert.Equal(0, divergent);
        double z = RunDraws.SimultaneousZ(10);
        for (int i = 0; i < 5; i++)
        {
            double[][] chain = [draws[i]];
            double mean = draws[i].Average();
            Assert.True(Math.Abs(mean) <= z * Mcse.Mean(chain), $"mean[{i}] = {mean}");
            double[][] squares = [draws[i].Select(x => x * x).ToArray()];
            Assert.True(Math.Abs(squares[0].Average() - 1) <= z * Mcse.Mean(squares), $"var[{i}] = {squares[0].Average()}");
        }
    }

    private static Proposal Start(ILogDensity target)
    {
        var s = new Proposal(target.Dimension);
        for (int i = 0; i < target.Dimension; i++) s.Position[i] = 0.1 * (i + 1);
        s.LogDensity = target.Evaluate(s.Position, s.Gradient);
        return s;
    }
}
