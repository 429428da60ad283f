using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>Replicated responses have the family's mean and variance, within Monte Carlo error at a fixed seed.</summary>
public sealed class FamilyReplicateTests
{
    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void ReplicateMomentsMatchTheFamily(string spec)
    {
        var c = FamilyCase.Named(spec);
        var setup = new RandomStream(21);
        const int n = 4, draws = 20_000;
        var response = c.Data(setup, n);
        var likelihood = c.CreateFamily().Bind(response);
        var eta = c.Eta(setup, n);
        // Student: keep nu above 4 so that the variance of the sample variance is finite.
        // Lognormal: a moderate sigma for the same reason (its fourth moment grows as exp(8 sigma^2)).
        double[] theta = spec switch { "student" => [1.3, 9.0], "lognormal" => [0.5], _ => c.Theta(setup) };
        var rng = new RandomStream(22);
        var replicate = new double[n];
        var sum = new double[n];
        var sumSq = new double[n];
        var samples = new double[n, draws];
        for (int d = 0; d < draws; d++)
        {
            likelihood.Replicate(eta, theta, rng, replicate);
            for (int i = 0; i < n; i++) samples[i, d] = replicate[i];
        }
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int d = 0; d < draws; d++) mean += samples[i, d];
            mean /= draws;
            double m2 = 0, m4 = 0;
            for (int d = 0; d < draws; d++)
            {
                double r = samples[i, d] - mean;
                m2 += r * r;
                m4 += r * r * r * r;
            }
            m2 /= draws - 1;
            m4 /= draws;
            double expectedMean = likelihood.Mean(eta[i], theta, i);
            double expectedVariance = c.Variance(eta[i], theta, FamilyCase.Side(response, i));
            double seMean = Math.Sqrt(expectedVariance / draws);
            double seVariance = Math.Sqrt(Math.Max(m4 - m2 * m2, 0) / draws);
            Assert.True(Math.Abs(mean - expectedMean) <= 4.5 * seMean + 1e-12,
                $"{spec} obs {i}: mean {mean:R}, expected {expectedMean:R} (se {seMean:R})");
            Assert.True(Math.Abs(m2 - expectedVariance) <= 4.5 * seVariance + 1e-12,
                $"{spec} obs {i}: variance {m2:R}, expected {expectedVariance:R} (se {seVariance:R})");
        }
    }

    [Theory]
    [InlineData("poisson")]
    [InlineData("negbinomial")]
    [InlineData("binomial")]
    [InlineData("bernoulli(probit)")]
    [InlineData("binomial(cloglog)")]
    [InlineData("zero_inflated_poisson")]
    [InlineData("zero_inflated_negbinomial")]
    [InlineData("hurdle_poisson")]
    [InlineData("hurdle_negbinomial")]
    public void ReplicateStaysDefinedAtExtremeLinearPredictors(string spec)
    {
        var c = FamilyCase.Named(spec);
        var likelihood = c.CreateFamily().Bind(c.Data(new RandomStream(1), 4));
        double[] theta = spec switch
        {
            "negbinomial" => [2.0],
            "zero_inflated_poisson" or "hurdle_poisson" => [0.3],
            "zero_inflated_negbinomial" or "hurdle_negbinomial" => [2.0, 0.3],
            _ => [],
        };
        var rep = new double[4];
        likelihood.Replicate([double.NaN, 800, 25, -800], theta, new RandomStream(2), rep);
        Assert.True(double.IsNaN(rep[0]));
        Assert.True(rep[1] >= 0 && rep[2] >= 0 && rep[3] >= 0);
        if (spec is "poisson") Assert.Equal(Math.Exp(25), rep[2], Math.Exp(25) * 1e-3);
    }
}
