// The per-observation log likelihood of a one-predictor family with its derivatives in η to third order and in the family parameters: what adaptive quadrature differentiates.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// ℓ_n(η) = log p(y_n | η, θ) of one family × link bound to a response, with ℓ', ℓ'', ℓ''' in η and the derivatives of
/// ℓ, ℓ' and ℓ'' in each family parameter θ_j (on its constrained scale). Adaptive Gauss–Hermite quadrature needs the
/// second derivative for the curvature at the mode, and its exact gradient needs the third (how the mode and the
/// curvature move with the parameters); see <see cref="AdaptiveGaussHermite"/>.
/// </summary>
/// <remarks>
/// Extension contract: a family supplies <see cref="Value"/>, <see cref="ParameterDerivatives"/>, <see cref="SetParameters"/>
/// and <see cref="Copy"/>, declares <see cref="IsLogConcave"/> (true only when ℓ_n is concave in η for every response
/// and parameter value, which exact conditional draws rely on), and must pass the finite-difference tests of
/// tests/BayesGlmm.Modeling.Tests/Integrated/ObservationDerivativesTests.cs and agree with the family's own
/// <see cref="IFamilyLikelihood.Pointwise"/>. An instance holds the parameters set last, so each thread uses its own <see cref="Copy"/>.
/// </remarks>
public abstract class ObservationDerivatives
{
    /// <summary>The family parameters θ (brms names, lower bounds), as the bound family lists them.</summary>
    public abstract IReadOnlyList<FamilyParameter> Parameters { get; }

    /// <summary>The number of observations.</summary>
    public abstract int ObservationCount { get; }

    /// <summary>Whether ℓ_n is concave in η for every observation and parameter value.</summary>
    public abstract bool IsLogConcave { get; }

    /// <summary>Sets θ (constrained scale) for the calls that follow.</summary>
    public abstract void SetParameters(ReadOnlySpan<double> theta);

    /// <summary>ℓ_n(η) with every constant, and its first three derivatives in η (−∞ outside the support, e.g. η ≤ 0 under an inverse link).</summary>
    public abstract double Value(int n, double eta, out double d1, out double d2, out double d3);

    /// <summary>∂ℓ_n/∂θ_j, ∂ℓ_n'/∂θ_j and ∂ℓ_n''/∂θ_j at η, for every j.</summary>
    public abstract void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second);

    /// <summary>
    /// log p(y_n | μ = y_n), the saturated model's log likelihood of observation n, for the families whose deviance lme4
    /// measures from it without a dispersion (binomial and bernoulli, poisson); NaN for the others.
    /// </summary>
    public virtual double SaturatedLogLikelihood(int n) => double.NaN;

    /// <summary>An independent copy (same data) for another thread.</summary>
    public abstract ObservationDerivatives Copy();

    /// <summary>
    /// The table for <paramref name="family"/> bound to <paramref name="response"/> (validated by the family itself).
    /// Throws <see cref="InputException"/> for the families with several linear predictors or ordered cutpoints.
    /// </summary>
    public static ObservationDerivatives For(IFamily family, ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var bound = family.Bind(response, sourceRows);
        var y = response.Values;
        return (family.Name, family.LinkName) switch
        {
            ("bernoulli" or "binomial", "logit") => new BinomialLogitDerivatives(y, Trials(response)),
            ("bernoulli" or "binomial", "probit") => new BinomialProbitDerivatives(y, Trials(response)),
            ("bernoulli" or "binomial", "cloglog") => new BinomialCloglogDerivatives(y, Trials(response)),
            ("poisson", "log") => new PoissonLogDerivatives(y),
            ("negbinomial", "log") => new NegBinomialLogDerivatives(y),
            ("gaussian", "identity") => new GaussianDerivatives(y, response.KnownStandardErrors, logLink: false, logResponse: false),
            ("gaussian", "log") => new GaussianDerivatives(y, response.KnownStandardErrors, logLink: true, logResponse: false),
            ("lognormal", "identity") => new GaussianDerivatives(y, null, logLink: false, logResponse: true),
            ("gamma", "log") => new GammaDerivatives(y, inverseLink: false),
            ("gamma", "inverse") => new GammaDerivatives(y, inverseLink: true),
            ("beta", "logit") => new BetaLogitDerivatives(y),
            ("student", "identity") => new StudentDerivatives(y),
            _ => throw new InputException(
                $"Adaptive quadrature integrates one linear predictor per observation; the {family.Name}({family.LinkName}) family " +
                $"({bound.LinearPredictorCount} predictors{(bound is IOrderedFamilyParameters ? ", ordered cutpoints" : "")}) is not supported. Use the joint route."),
        };
    }

    private static double[] Trials(ResponseData response) => response.Trials ?? Enumerable.Repeat(1.0, response.Values.Length).ToArray();
}
