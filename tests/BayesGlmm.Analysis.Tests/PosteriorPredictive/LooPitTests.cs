using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.PosteriorPredictive;

public sealed class LooPitTests
{
    private static readonly LooOptions IndependentDraws = new() { EstimateRelativeEfficiency = false };

    /// <summary>
    /// Normal model with known σ = 1 and a flat prior on μ: the posterior is μ | y ~ N(ȳ, 1/n), so
    /// exact posterior draws, replicates and log-likelihood follow. Data drawn from the model itself.
    /// </summary>
    private static (double[] Y, double[] YRep, LogLikelihoodMatrix LogLik) NormalModel(int n, int draws, ulong seed, double dataSd = 1.0)
    {
        var rng = new RandomStream(seed);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 0.7 + dataSd * rng.NextStandardNormal();
        double mean = y.Average();
        var yRep = new double[draws * n];
        var ll = new double[draws * n];
        for (int s = 0; s < draws; s++)
        {
            double mu = mean + rng.NextStandardNormal() / Math.Sqrt(n);
            for (int i = 0; i < n; i++)
            {
                yRep[s * n + i] = mu + rng.NextStandardNormal();
                ll[s * n + i] = -0.5 * Math.Log(2 * Math.PI) - 0.5 * (y[i] - mu) * (y[i] - mu);
            }
        }
        return (y, yRep, new LogLikelihoodMatrix(ll, draws, n));
    }

    [Fact]
    public void ACalibratedContinuousModelGivesUniformLooPit()
    {
        var (y, yRep, ll) = NormalModel(300, 2000, 101);
        var pit = LooPit.Compute(y, yRep, ll, options: IndependentDraws);
        Assert.All(pit, p => Assert.InRange(p, 0.0, 1.0));
        double d = PitUniformity.KolmogorovSmirnov(pit);
        Assert.True(d < PitUniformity.CriticalValue(pit.Length, 0.01), $"KS D = {d}");
    }

    [Fact]
    public void AnOverdispersedDataSetGivesUShapedLooPit()
    {
        // Data sd 2.5 against a model with sd 1: too many PIT values near 0 and 1.
        var (y, yRep, ll) = NormalModel(300, 2000, 102, dataSd: 2.5);
        var pit = LooPit.Compute(y, yRep, ll, options: IndependentDraws);
        Assert.True(PitUniformity.KolmogorovSmirnov(pit) > PitUniformity.CriticalValue(pit.Length, 0.01));
        Assert.True(pit.Count(p => p < 0.1 || p > 0.9) > 0.4 * pit.Length);
    }

    [Fact]
    public void DiscreteResponsesNeedTheRandomisedPit()
    {
        // Poisson model with a Gamma(1, 0.01) prior: λ | y ~ Gamma(1 + Σy, 0.01 + n); data from the model.
        var rng = new RandomStream(7);
        const int n = 300, draws = 2000;
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rng.NextPoisson(2.5);
        double shape = 1 + y.Sum(), rate = 0.01 + n;
        var yRep = new double[draws * n];
        var ll = new double[draws * n];
        var logFactorial = y.Select(v => Enumerable.Range(1, (int)v).Sum(k => Math.Log(k))).ToArray();
        for (int s = 0; s < draws; s++)
        {
            double lambda = rng.NextGamma(shape) / rate;
            for (int i = 0; i < n; i++)
            {
                yRep[s * n + i] = rng.NextPoisson(lambda);
                ll[s * n + i] = y[i] * Math.Log(lambda) - lambda - logFactorial[i];
            }
        }
        var logLik = new LogLikelihoodMatrix(ll, draws, n);
        Assert.True(LooPit.IsDiscrete(y, yRep));

        var randomised = LooPit.Compute(y, yRep, logLik, new RandomStream(99), IndependentDraws);
        Assert.True(PitUniformity.KolmogorovSmirnov(randomised) < PitUniformity.CriticalValue(n, 0.01));

        var plain = LooPit.Compute(y, yRep, logLik, options: IndependentDraws);
        Assert.True(PitUniformity.KolmogorovSmirnov(plain) > PitUniformity.CriticalValue(n, 0.01));
        for (int i = 0; i < n; i++) Assert.True(randomised[i] <= plain[i] + 1e-12);

        // The same stream gives the same values.
        Assert.Equal(randomised, LooPit.Compute(y, yRep, logLik, new RandomStream(99), IndependentDraws));
    }

    [Fact]
    public void EqualWeightsReduceToTheEmpiricalProportion()
    {
        // A log-likelihood that ignores the draws gives equal weights 1/S: PIT = #{y_rep ≤ y}/S.
        double[] y = [0.5];
        double[] yRep = Enumerable.Range(0, 100).Select(k => k / 100.0).ToArray(); // 0.00 .. 0.99
        var ll = new LogLikelihoodMatrix(Enumerable.Repeat(-1.0, 100).ToArray(), 100, 1);
        var pit = LooPit.Compute(y, yRep, ll, options: IndependentDraws);
        Assert.Equal(0.51, pit[0], 12);
    }

    [Fact]
    public void KolmogorovSmirnovOfAKnownSample()
    {
        Assert.Equal(0.5, PitUniformity.KolmogorovSmirnov([0.5]), 14);
        Assert.Equal(0.25, PitUniformity.KolmogorovSmirnov([0.25, 0.75]), 14);
        Assert.Equal(1.3581, PitUniformity.CriticalValue(1, 0.05), 4);
    }
}
