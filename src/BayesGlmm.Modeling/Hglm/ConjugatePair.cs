// The three conjugate HGLM pairs of DESIGN.md §1 and how a family and a group-level distribution select one.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// A conjugate pair of Lee &amp; Nelder (1996, JRSS B 58:619–678, Table 1): the response family given u and the
/// distribution of u, with v = v(u) entering the linear predictor (Lee, Nelder &amp; Pawitan 2006, ch. 6).
/// </summary>
public enum ConjugatePair
{
    /// <summary>Poisson(log) given u, u ~ Gamma(1/λ, 1/λ) (mean 1, variance λ), v = log u.</summary>
    PoissonGamma,

    /// <summary>Gamma(log, shape ν) given u, u ~ InvGamma(1 + 1/λ, 1/λ) (mean 1, variance λ/(1 − λ)), v = log u.</summary>
    GammaInverseGamma,

    /// <summary>Binomial or Bernoulli (logit) given u, u ~ Beta(1/(2λ), 1/(2λ)) (mean 1/2), v = logit u.</summary>
    BinomialBeta,

    /// <summary>
    /// Gamma(inverse, shape ν) given u, u ~ InvGamma(1 + 1/λ, 1/λ) as <see cref="GammaInverseGamma"/>, v = 1/u
    /// (the convention of the R package hglm; spaMM's default is −1/u), so 1/μ = x'b + v. Not conjugate once other terms enter
    /// the predictor (HGLM_NOTES §2): always sampled jointly, a draw with some x'b + v ≤ 0 rejected.
    /// </summary>
    GammaInverseGammaReciprocal,
}

/// <summary>Which pair a family and a group-level distribution make, with the error a user sees for any other combination.</summary>
public static class ConjugatePairs
{
    /// <summary>Whether <paramref name="distribution"/> is one of the conjugate HGLM distributions (gamma, beta, inverse_gamma).</summary>
    public static bool IsConjugate(RandomEffectDistribution distribution) =>
        distribution is RandomEffectDistribution.Gamma or RandomEffectDistribution.Beta or RandomEffectDistribution.InverseGamma;

    /// <summary>
    /// The pair of <paramref name="family"/> and the distribution of <paramref name="term"/>; a combination that is not
    /// one of the three supported pairs throws <see cref="InputException"/> saying which family and link to write.
    /// </summary>
    public static ConjugatePair Select(IFamily family, GroupTerm term)
    {
        string text = term.Text.Length > 0 ? term.Text : term.Group;
        string written = family.Name + "(" + family.LinkName + ")";
        return term.Distribution switch
        {
            RandomEffectDistribution.Gamma when family.Name == "poisson" && family.LinkName == "log" => ConjugatePair.PoissonGamma,
            RandomEffectDistribution.Gamma => throw new InputException(
                $"The group-level term '{text}' has gamma effects, which pair with the poisson family (log link); the family is {written}. " +
                "Write family \"poisson\", or use normal or student effects with this family."),
            RandomEffectDistribution.InverseGamma when family.Name == "gamma" && family.LinkName == "log" => ConjugatePair.GammaInverseGamma,
            RandomEffectDistribution.InverseGamma when family.Name == "gamma" && family.LinkName == "inverse" => ConjugatePair.GammaInverseGammaReciprocal,
            RandomEffectDistribution.InverseGamma => throw new InputException(
                $"The group-level term '{text}' has inverse_gamma effects, which pair with the gamma family (log or inverse link); the family is {written}. " +
                "Write family \"gamma(log)\" or \"gamma\", or use normal or student effects with this family."),
            RandomEffectDistribution.Beta when family.Name is "binomial" or "bernoulli" && family.LinkName == "logit" => ConjugatePair.BinomialBeta,
            RandomEffectDistribution.Beta => throw new InputException(
                $"The group-level term '{text}' has beta effects, which pair with the binomial or bernoulli family (logit link); the family is {written}. " +
                "Write family \"binomial\" or \"bernoulli\", or use normal or student effects with this family."),
            _ => throw new ArgumentException($"{term.Distribution} is not a conjugate distribution.", nameof(term)),
        };
    }

    /// <summary>The distribution's name as the formula writes it (<c>gamma</c>, <c>inverse_gamma</c>, <c>beta</c>).</summary>
    public static string DistributionName(ConjugatePair pair) => pair switch
    {
        ConjugatePair.PoissonGamma => "gamma",
        ConjugatePair.GammaInverseGamma or ConjugatePair.GammaInverseGammaReciprocal => "inverse_gamma",
        _ => "beta",
    };
}
