using BayesGlmm.Diagnostics.ImportanceSampling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Diagnostics.Tests.ImportanceSampling;

public sealed class RelativeEfficiencyTests
{
    /// <summary>
    /// Expected values from a separate hand computation that follows loo 2.5.1 literally: the likelihood
    /// zero-padded to 2L, a plain O(n²) DFT, |DFT|² inverted without normalisation and divided by 2N²
    /// (so every lag carries L/N), then Geyer's sequences and the 1/log10(S) cap.
    /// The log-likelihood is ℓ[m][i] = 0.8 sin(0.7i + m) + 0.3 cos(1.9 i (m + 1)).
    /// </summary>
    [Theory]
    [InlineData(3, 14, 0.5322312157486172)]
    [InlineData(1, 21, 0.5316485908074489)]
    [InlineData(2, 7, 0.6368235431592618)]
    public void MatchesAHandComputationWithLoosFftScaling(int chains, int iterations, double expected)
    {
        var logLik = new double[chains * iterations];
        for (int m = 0; m < chains; m++)
            for (int i = 0; i < iterations; i++)
                logLik[m * iterations + i] = 0.8 * Math.Sin(0.7 * i + m) + 0.3 * Math.Cos(1.9 * i * (m + 1));
        double rEff = RelativeEfficiency.FromLogLikelihood(logLik, chains);
        Assert.Equal(expected, rEff, 1e-12);
    }

    [Fact]
    public void IndependentDrawsHaveRelativeEfficiencyNearOne()
    {
        var rng = new RandomStream(3);
        var logLik = Enumerable.Range(0, 4000).Select(_ => -0.5 * Math.Pow(rng.NextStandardNormal(), 2)).ToArray();
        Assert.InRange(RelativeEfficiency.FromLogLikelihood(logLik, 4), 0.85, 1.15);
    }

    [Fact]
    public void AutocorrelatedDrawsHaveLowRelativeEfficiency()
    {
        // AR(1) with φ = 0.9: the ESS of the mean is about S(1 − φ)/(1 + φ) ≈ 0.053 S.
        var rng = new RandomStream(5);
        var x = new double[4000];
        for (int m = 0; m < 4; m++)
        {
            double state = rng.NextStandardNormal();
            for (int i = 0; i < 1000; i++)
            {
                state = 0.9 * state + Math.Sqrt(1 - 0.81) * rng.NextStandardNormal();
                x[m * 1000 + i] = 0.1 * state;
            }
        }
        Assert.InRange(RelativeEfficiency.FromLogLikelihood(x, 4), 0.03, 0.09);
    }

    [Fact]
    public void ConstantLikelihoodGivesLoosValueOfOneHalf()
    {
        // var⁺ = 0 makes ρ̂₁ NaN; R then stops with T = 0 and τ̂ = −1 + 2·1 + 1 = 2.
        Assert.Equal(0.5, RelativeEfficiency.FromLogLikelihood(Enumerable.Repeat(-1.0, 400).ToArray(), 4));
    }
}
