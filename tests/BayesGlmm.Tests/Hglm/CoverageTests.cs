// Repeated simulations from parameters drawn from the prior: central posterior intervals cover the truth at their nominal rate.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Tests.Hglm;

/// <summary>
/// For each conjugate pair: K data sets, each simulated with the model's own design from parameters drawn from the
/// prior (<see cref="IStatisticalModel.DrawFromPrior"/>, then <see cref="IStatisticalModel.ReplicateResponse"/>), each
/// refitted; averaged over the prior, a central posterior interval of level q covers the truth with probability q
/// exactly (Cook, Gelman &amp; Rubin 2006), so the number of covering fits is Binomial(K, q). Checked for the 50% and
/// 90% intervals of every b, lambda, shape and the first u, against the binomial quantiles that keep the family-wise
/// false-alarm rate of a study at 0.2%. Short chains keep the whole set to about a minute on two cores.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CoverageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Fits = 100;
    private static readonly double[] Levels = [0.5, 0.9];

    [Fact]
    public void PoissonGammaIntervalsCoverAtTheirNominalRate()
    {
        var (csv, formula) = RouteAgreementTests.Simulate(ConjugatePair.PoissonGamma, 6, 3, seed: 21);
        AssertCoverage(HglmFits.FromCsv(csv, formula, "poisson", ["Intercept ~ normal(0.5, 0.5)", "b ~ normal(0, 0.5)", "lambda ~ exponential(2)"]), 31);
    }

    [Fact]
    public void GammaInverseGammaIntervalsCoverAtTheirNominalRate()
    {
        var (csv, formula) = RouteAgreementTests.Simulate(ConjugatePair.GammaInverseGamma, 6, 3, seed: 22);
        AssertCoverage(HglmFits.FromCsv(csv, formula, "gamma(log)",
            ["Intercept ~ normal(1, 0.5)", "b ~ normal(0, 0.5)", "lambda ~ exponential(3)", "shape ~ gamma(8, 2)"]), 32);
    }

    [Fact]
    public void BinomialBetaIntervalsCoverAtTheirNominalRate()
    {
        var (csv, formula) = RouteAgreementTests.Simulate(ConjugatePair.BinomialBeta, 8, 2, seed: 23);
        AssertCoverage(HglmFits.FromCsv(csv, formula, "binomial", ["lambda ~ exponential(2)"]), 33);
    }

    [Fact]
    public void SeedsLikeBinomialBetaIntervalsCoverAtTheirNominalRate()
    {
        // One observation per cluster with a covariate: the beta effects are sampled jointly (non-centred).
        var rng = new RandomStream(24);
        var csv = "g,x,n,y\n" + string.Concat(Enumerable.Range(1, 10).Select(j =>
            FormattableString.Invariant($"\"p{j}\",{rng.NextStandardNormal():R},{10 + rng.Next(30)},0\n")));
        var model = HglmFits.FromCsv(csv, "y | trials(n) ~ 1 + x + (1 | gr(g, dist = \"beta\"))", "binomial",
            ["Intercept ~ normal(0, 0.5)", "b ~ normal(0, 0.5)", "lambda ~ exponential(2)"]);
        Assert.False(((GlmmModel)model).Conjugate().IsIntegrated);
        AssertCoverage(model, 34);
    }

    private void AssertCoverage(IStatisticalModel model, ulong seed)
    {
        var names = model.OutputNames;
        var checkedNames = names.Where(n => n.StartsWith("b_", StringComparison.Ordinal) || n.StartsWith("lambda_", StringComparison.Ordinal)
                                            || n == "shape").Append(names.First(n => n.StartsWith("u_", StringComparison.Ordinal))).ToArray();
        var indices = checkedNames.Select(n => names.ToList().IndexOf(n)).ToArray();
        var covered = new int[indices.Length, Levels.Length];
        int divergentFits = 0;
        var sampler = new SamplerOptions { Chains = 2, Warmup = 300, Draws = 300, MaxDegreeOfParallelism = 1 };
        Parallel.For(0, Fits, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var rng = new RandomStream(seed, (ulong)k);
            var truth = new double[names.Count];
            model.DrawFromPrior(rng, truth);
            var y = new double[model.ObservationCount];
            model.ReplicateResponse(truth, rng, y);
            var fit = HglmFits.Run(model.WithResponse(y), sampler with { Seed = seed * 1000 + (ulong)k });
            if (fit.Divergences > 0) Interlocked.Increment(ref divergentFits);
            for (int v = 0; v < indices.Length; v++)
            {
                var draws = fit.Draws.AllChains(indices[v]).ToArray();
                Array.Sort(draws);
                for (int l = 0; l < Levels.Length; l++)
                {
                    double lo = Quantile(draws, (1 - Levels[l]) / 2), hi = Quantile(draws, (1 + Levels[l]) / 2);
                    if (truth[indices[v]] >= lo && truth[indices[v]] <= hi) Interlocked.Increment(ref covered[v, l]);
                }
            }
        });
        int checks = indices.Length * Levels.Length;
        double alpha = 0.002 / checks;
        var problems = new List<string>();
        for (int v = 0; v < indices.Length; v++)
            for (int l = 0; l < Levels.Length; l++)
            {
                int lower = BinomialQuantile(Levels[l], Fits, alpha / 2), upper = BinomialQuantile(Levels[l], Fits, 1 - alpha / 2);
                string line = $"{checkedNames[v]} {Levels[l]:P0}: {covered[v, l]}/{Fits} (bound {lower}..{upper})";
                output.WriteLine(line);
                if (covered[v, l] < lower || covered[v, l] > upper) problems.Add(line);
            }
        output.WriteLine($"{divergentFits} of {Fits} fits had a divergent transition");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The smallest c with P(X ≤ c) ≥ p for X ~ Binomial(n, q).</summary>
    private static int BinomialQuantile(double q, int n, double p)
    {
        for (int c = 0; c < n; c++) if (Binomial.CDF(q, n, c) >= p) return c;
        return n;
    }

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int i = (int)Math.Floor(h);
        return i + 1 < sorted.Length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
