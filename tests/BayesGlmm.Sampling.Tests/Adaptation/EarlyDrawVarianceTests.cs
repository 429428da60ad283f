// The Fisher warmup's early phase: the metric a chain in the tail gets with and without the early draw variance.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Tests.Adaptation;

public sealed class EarlyDrawVarianceTests
{
    /// <summary>A Poisson log rate with one count y and a flat prior: log π(x) = y·x − eˣ, gradient y − eˣ.</summary>
    private sealed class PoissonLogRate(double y) : ILogDensity
    {
        public int Dimension => 1;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
        {
            double rate = Math.Exp(position[0]);
            gradient[0] = y - rate;
            return y * position[0] - rate;
        }
    }

    private const int Warmup = 100; // early phase: draws 0–29 (EarlyFraction 0.3)
    private const double Centre = 10, Half = 0.1;

    /// <summary>
    /// The warmup fed a chain stuck in the tail of the Poisson log rate with y = 5 (mode log 5 ≈ 1.6): its draws alternate
    /// 10 ± 0.1, so every window of n consecutive draws has Var x = 0.01·(1 − 1/n²) or 0.01 (n odd or even), and since the
    /// gradients alternate with them, sqrt(Var x / Var g) = 0.2 / (e^10.1 − e^9.9) ≈ 4.5·10⁻⁵ exactly, whatever the
    /// window: the Fisher estimate shrinks the metric by the size of the gradients, the draw variance does not.
    /// </summary>
    private static (double EarlyPhase, double MainPhase) MetricInTheTail(MetricKind metric, bool earlyDrawVariance)
    {
        var options = new SamplerOptions
        {
            Warmup = Warmup,
            Adaptation = AdaptationKind.Fisher,
            Metric = metric,
            Fisher = new FisherAdaptationOptions { EarlyDrawVariance = earlyDrawVariance },
        };
        var density = new PoissonLogRate(5);
        EuclideanMetric m = metric == MetricKind.LowRank ? new LowRankMetric(1) : new DiagonalMetric(1);
        var hamiltonian = new Hamiltonian(density, m);
        var warmup = new FisherWarmup(hamiltonian, new RandomStream(7), options);
        var state = new Proposal(1);
        void MoveTo(double x)
        {
            state.Position[0] = x;
            state.LogDensity = density.Evaluate(state.Position, state.Gradient);
        }

        MoveTo(Centre + Half);
        warmup.Begin(state);
        var moved = new TransitionResult(0.8, 0.1, 3, 7, false, 0) { AdaptStat = 0.8, SymmetricAdaptStat = 0.8, SelectedIndex = 3 };
        double early = double.NaN;
        for (int i = 0; i <= 30; i++)
        {
            MoveTo(i % 2 == 0 ? Centre - Half : Centre + Half);
            warmup.Learn(i, moved, state);
            if (i == 28) early = hamiltonian.Metric.InverseMetricCopy()[0];
        }
        return (early, hamiltonian.Metric.InverseMetricCopy()[0]);
    }

    private static readonly double Fisher = 2 * Half / (Math.Exp(Centre + Half) - Math.Exp(Centre - Half));

    [Theory]
    [InlineData(MetricKind.Diagonal)]
    [InlineData(MetricKind.LowRank)]
    public void WithoutItTheEarlyMetricIsTheTinyFisherEstimate(MetricKind metric)
    {
        var (early, main) = MetricInTheTail(metric, earlyDrawVariance: false);
        Assert.Equal(Fisher, early, Fisher * 1e-8);
        Assert.Equal(Fisher, main, Fisher * 1e-8);
    }

    [Theory]
    [InlineData(MetricKind.Diagonal)]
    [InlineData(MetricKind.LowRank)]
    public void WithItTheEarlyMetricIsTheDrawVarianceAndTheMainPhaseTheFisherEstimate(MetricKind metric)
    {
        var (early, main) = MetricInTheTail(metric, earlyDrawVariance: true);
        // Windows in the early phase hold at least ten draws: Var x ∈ [0.01·(1 − 1/100), 0.01].
        Assert.InRange(early, Half * Half * 0.99, Half * Half * (1 + 1e-12));
        // At draw 30 the main phase starts and the Fisher estimate replaces it at once, in both forms.
        Assert.Equal(Fisher, main, Fisher * 1e-8);
    }
}
