// Power-scaled weights reproduce the exactly known power-scaled posteriors of a conjugate normal model.
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.Sensitivity;

public sealed class PowerScaledWeightsTests
{
    /// <summary>
    /// θ ~ N(0, s0²) a priori, ȳ | θ ~ N(θ, τ²) with τ² = σ²/n. Raising the prior to α gives precision α/s0², the
    /// likelihood to α gives precision α/τ²; the power-scaled posterior is normal with mean (ȳ·λ_lik)/(λ_prior + λ_lik).
    /// The weighted mean of exact posterior draws must match it within 4.5 importance-sampling standard errors.
    /// </summary>
    [Theory]
    [InlineData(PowerScalingComponent.Prior, 0.8)]
    [InlineData(PowerScalingComponent.Prior, 1.25)]
    [InlineData(PowerScalingComponent.Likelihood, 0.8)]
    [InlineData(PowerScalingComponent.Likelihood, 1.25)]
    public void WeightedMeanAndVarianceMatchTheScaledConjugatePosterior(PowerScalingComponent component, double alpha)
    {
        const double s0 = 1.0, tau = 0.5, ybar = 1.5;
        double priorPrecision = 1 / (s0 * s0), likelihoodPrecision = 1 / (tau * tau);
        double posteriorPrecision = priorPrecision + likelihoodPrecision;
        double posteriorMean = ybar * likelihoodPrecision / posteriorPrecision;
        var rng = new RandomStream(17, 3);
        var theta = Enumerable.Range(0, 4000).Select(_ => rng.NextNormal(posteriorMean, 1 / Math.Sqrt(posteriorPrecision))).ToArray();
        var log = component == PowerScalingComponent.Prior
            ? theta.Select(t => -0.5 * t * t * priorPrecision).ToArray()
            : theta.Select(t => -0.5 * (ybar - t) * (ybar - t) * likelihoodPrecision).ToArray();
        var result = PowerScaledWeights.Compute(log, component, alpha)!;
        Assert.Equal(component, result.Component);
        Assert.Equal(alpha, result.Alpha);
        Assert.True(result.ParetoK < 0.7, $"k = {result.ParetoK}");

        var w = result.NormalizedLogWeights.ToArray().Select(Math.Exp).ToArray();
        double mean = theta.Zip(w, (t, x) => t * x).Sum();
        double variance = theta.Zip(w, (t, x) => (t - mean) * (t - mean) * x).Sum();
        double ess = 1 / w.Sum(x => x * x);

        double scaledPrior = priorPrecision * (component == PowerScalingComponent.Prior ? alpha : 1);
        double scaledLikelihood = likelihoodPrecision * (component == PowerScalingComponent.Likelihood ? alpha : 1);
        double expectedMean = ybar * scaledLikelihood / (scaledPrior + scaledLikelihood);
        double expectedVariance = 1 / (scaledPrior + scaledLikelihood);
        double se = Math.Sqrt(expectedVariance / ess);
        Assert.True(Math.Abs(mean - expectedMean) < 4.5 * se, $"mean {mean}, expected {expectedMean}, se {se}");
        double seVariance = expectedVariance * Math.Sqrt(2 / ess);
        Assert.True(Math.Abs(variance - expectedVariance) < 4.5 * seVariance, $"variance {variance}, expected {expectedVariance}");
    }
}
