// The point-estimation methods of lme4: REML and ML for linear mixed models, Laplace and adaptive quadrature for generalized ones.
namespace BayesGlmm.Modeling.Estimation;

/// <summary>How <see cref="MixedModelEstimator"/> estimates (Bates, Mächler, Bolker &amp; Walker 2015, JSS 67(1)).</summary>
public enum EstimationMethod
{
    /// <summary>Restricted maximum likelihood, lmer's default (gaussian family, identity link).</summary>
    Reml,
    /// <summary>Maximum likelihood, lmer(REML = FALSE).</summary>
    Ml,
    /// <summary>Maximum of the Laplace approximation, glmer's default (nAGQ = 1).</summary>
    Laplace,
    /// <summary>Maximum of the adaptive Gauss–Hermite approximation, glmer(nAGQ = K) (one scalar group-level term).</summary>
    Agq,
}

/// <summary>Settings of an estimate.</summary>
/// <param name="Method">The method.</param>
/// <param name="Nodes">Quadrature points per cluster for <see cref="EstimationMethod.Agq"/> (lme4's nAGQ; 1 is Laplace).</param>
public sealed record EstimateOptions(EstimationMethod Method, int Nodes = 1)
{
    /// <summary>The method named as on the command line: reml, ml, laplace or agq.</summary>
    public static EstimationMethod ParseMethod(string text) => text.ToLowerInvariant() switch
    {
        "reml" => EstimationMethod.Reml,
        "ml" => EstimationMethod.Ml,
        "laplace" => EstimationMethod.Laplace,
        "agq" => EstimationMethod.Agq,
        _ => throw new InputException($"Unknown estimation method '{text}': use reml, ml, laplace or agq."),
    };
}
