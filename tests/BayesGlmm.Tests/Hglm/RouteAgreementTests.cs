// The marginalised and joint routes of each conjugate pair give the same posterior within Monte Carlo error.
using System.Globalization;
using System.Text;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Hglm;

/// <summary>
/// Marginal × exact conditional is the joint posterior (HGLM_NOTES §7), so both routes must agree in distribution on
/// b, lambda, shape, u, r, the pointwise log-likelihood (a) and replicated responses. Each pair is fitted both ways at
/// default settings and every mean and sd is compared with the comparator of the reference tests
/// (|z| in combined MCSE under the family-wise bound, ess_bulk ≥ 400 and R-hat ≤ 1.01 on the joint route).
/// </summary>
[Trait("Category", "Slow")]
public sealed class RouteAgreementTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly SamplerOptions Options = new() { Seed = 31 };

    [Fact]
    public void PumpsRoutesAgree() => AssertAgree(HglmFits.Catalogue("pumps"), HglmFits.Catalogue("pumps", joint: true));

    [Fact]
    public void PoissonGammaWithACovariateRoutesAgree()
    {
        var (csv, formula) = Simulate(ConjugatePair.PoissonGamma, 8, 3, seed: 1);
        AssertAgree(HglmFits.FromCsv(csv, formula, "poisson", []), HglmFits.FromCsv(csv, formula, "poisson", [], joint: true));
    }

    [Fact]
    public void GammaInverseGammaRoutesAgree()
    {
        var (csv, formula) = Simulate(ConjugatePair.GammaInverseGamma, 8, 4, seed: 2);
        string[] priors = ["shape ~ gamma(2, 0.5)"];
        AssertAgree(HglmFits.FromCsv(csv, formula, "gamma(log)", priors), HglmFits.FromCsv(csv, formula, "gamma(log)", priors, joint: true));
    }

    [Fact]
    public void BinomialBetaRoutesAgree()
    {
        var (csv, formula) = Simulate(ConjugatePair.BinomialBeta, 10, 2, seed: 3);
        AssertAgree(HglmFits.FromCsv(csv, formula, "binomial", []), HglmFits.FromCsv(csv, formula, "binomial", [], joint: true));
    }

    private void AssertAgree(Modeling.IStatisticalModel marginal, Modeling.IStatisticalModel joint)
    {
        Assert.True(((GlmmModel)marginal).Conjugate().IsIntegrated);
        Assert.False(((GlmmModel)joint).Conjugate().IsIntegrated);
        var a = HglmFits.Run(marginal, Options, predictive: true);
        var b = HglmFits.Run(joint, Options with { Seed = 32 }, predictive: true);
        var result = ReferenceComparison.Compare(a.Summary, b.Summary);
        output.WriteLine($"{((GlmmModel)marginal).Conjugate().Pair} marginal vs joint: {result}; divergences {a.Divergences} (marginal), {b.Divergences} (joint)");
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(0, a.Divergences);
    }

    /// <summary>
    /// A data set of <paramref name="levels"/> clusters of <paramref name="perLevel"/> rows drawn from the pair (λ = 0.5; a
    /// covariate and, for Poisson, an exposure offset; the beta pair has nothing but the effect, so it can be marginalised).
    /// </summary>
    internal static (string Csv, string Formula) Simulate(ConjugatePair pair, int levels, int perLevel, ulong seed, double lambda = 0.5)
    {
        var rng = new RandomStream(seed, 7001);
        var law = new ConjugateEffectLaw(pair, Math.Log(lambda));
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        string dist = ConjugatePairs.DistributionName(pair);
        switch (pair)
        {
            case ConjugatePair.PoissonGamma:
                sb.Append("g,x,t,y\n");
                for (int j = 0; j < levels; j++)
                {
                    double v = law.Draw(rng);
                    for (int k = 0; k < perLevel; k++)
                    {
                        double x = rng.NextStandardNormal(), t = rng.NextUniform(0.5, 3);
                        sb.Append(c, $"\"g{j + 1}\",{x:R},{t:R},{rng.NextPoisson(t * Math.Exp(0.5 + 0.4 * x + v))}\n");
                    }
                }
                return (sb.ToString(), $"y ~ 1 + x + offset(log(t)) + (1 | gr(g, dist = \"{dist}\"))");
            case ConjugatePair.GammaInverseGamma:
                sb.Append("g,x,y\n");
                for (int j = 0; j < levels; j++)
                {
                    double v = law.Draw(rng);
                    for (int k = 0; k < perLevel; k++)
                    {
                        double x = rng.NextStandardNormal();
                        sb.Append(c, $"\"g{j + 1}\",{x:R},{rng.NextGamma(4.0) / 4.0 * Math.Exp(1.0 - 0.5 * x + v):R}\n");
                    }
                }
                return (sb.ToString(), $"y ~ 1 + x + (1 | gr(g, dist = \"{dist}\"))");
            default:
                sb.Append("g,n,y\n");
                for (int j = 0; j < levels; j++)
                {
                    double p = 1 / (1 + Math.Exp(-law.Draw(rng)));
                    for (int k = 0; k < perLevel; k++) sb.Append(c, $"\"g{j + 1}\",6,{rng.NextBinomial(p, 6)}\n");
                }
                return (sb.ToString(), $"y | trials(n) ~ 0 + (1 | gr(g, dist = \"{dist}\"))");
        }
    }
}
