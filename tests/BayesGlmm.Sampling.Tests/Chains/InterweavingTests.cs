// The sampler's use of a density's invariant move: once after every sampling transition (none in warmup), its evaluations counted, a move to a point
// of zero density undone, none when switched off.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Sampling.Tests.Chains;

public sealed class InterweavingTests
{
    /// <summary>
    /// x ~ N(0, I₂) with the move x₀ → −x₀ (which leaves it invariant), the log density and gradient updated in place, or,
    /// with <paramref name="evaluate"/>, evaluated again (one evaluation); with <paramref name="toZeroDensity"/> the move
    /// instead reports a log density of −∞.
    /// </summary>
    private sealed class ReflectedNormal(bool evaluate = false, bool toZeroDensity = false) : IInterweavingDensity
    {
        public int Moves { get; private set; }

        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
        {
            gradient[0] = -position[0];
            gradient[1] = -position[1];
            return -0.5 * (position[0] * position[0] + position[1] * position[1]);
        }

        public int Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng)
        {
            Moves++;
            position[0] = -position[0];
            if (toZeroDensity)
            {
                logDensity = double.NegativeInfinity;
                return 0;
            }
            if (evaluate)
            {
                logDensity = Evaluate(position, gradient);
                return 1;
            }
            gradient[0] = -gradient[0];
            return 0;
        }
    }

    private static readonly SamplerOptions Options = new() { Chains = 1, Warmup = 200, Draws = 500, Seed = 3, ModeSearchIterations = 0 };

    [Fact]
    public void TheMoveFollowsEverySamplingTransitionAndItsEvaluationsAreCounted()
    {
        var plain = new ReflectedNormal();
        var counted = new ReflectedNormal(evaluate: true);
        var a = NutsSampler.Run(LogDensityFactory.Shared(plain), Options).Chains[0];
        var b = NutsSampler.Run(LogDensityFactory.Shared(counted), Options).Chains[0];
        Assert.Equal(Options.Draws, plain.Moves);
        Assert.Equal(Options.Draws, counted.Moves);
        // The same draws either way (the move's update in place equals an evaluation), and one more gradient per draw.
        Assert.Equal(a.Draws, b.Draws);
        Assert.Equal(a.GradientEvaluations + Options.Draws, b.GradientEvaluations);
    }

    [Fact]
    public void AMoveToZeroDensityIsUndone()
    {
        var target = new ReflectedNormal(toZeroDensity: true);
        var chain = NutsSampler.Run(LogDensityFactory.Shared(target), Options).Chains[0];
        Assert.Equal(Options.Draws, target.Moves);
        Assert.All(chain.Draws, v => Assert.True(double.IsFinite(v)));
        Assert.All(chain.Statistics, s => Assert.True(double.IsFinite(s.LogDensity)));
        // Undone, the chain is the one without the move.
        var without = NutsSampler.Run(LogDensityFactory.Shared(new ReflectedNormal()), Options with { Interweave = false }).Chains[0];
        Assert.Equal(without.Draws, chain.Draws);
    }

    [Fact]
    public void SwitchedOffTheMoveIsNeverMade()
    {
        var target = new ReflectedNormal();
        NutsSampler.Run(LogDensityFactory.Shared(target), Options with { Interweave = false });
        Assert.Equal(0, target.Moves);
    }
}
