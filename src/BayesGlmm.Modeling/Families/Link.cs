// The link functions a family may use, with their brms names.
namespace BayesGlmm.Modeling.Families;

/// <summary>A link g with g(mu) = eta.</summary>
public enum Link
{
    /// <summary>mu = eta.</summary>
    Identity,
    /// <summary>mu = exp(eta).</summary>
    Log,
    /// <summary>mu = 1/(1 + exp(−eta)).</summary>
    Logit,
    /// <summary>mu = Φ(eta).</summary>
    Probit,
    /// <summary>mu = 1 − exp(−exp(eta)).</summary>
    Cloglog,
    /// <summary>mu = 1/eta.</summary>
    Inverse,
}

/// <summary>brms names of <see cref="Link"/> values.</summary>
public static class LinkNames
{
    /// <summary>The brms name: identity, log, logit, probit, cloglog, inverse.</summary>
    public static string Name(this Link link) => link switch
    {
        Link.Identity => "identity",
        Link.Log => "log",
        Link.Logit => "logit",
        Link.Probit => "probit",
        Link.Cloglog => "cloglog",
        Link.Inverse => "inverse",
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };
}
