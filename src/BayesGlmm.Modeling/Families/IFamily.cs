// The response distribution and link of a model: the likelihood as a function of the linear predictor.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// A response family with its link (gaussian(identity), binomial(logit), ...), before it sees data.
/// </summary>
/// <remarks>
/// Extension contract: a new family supplies <see cref="Bind"/>, which validates the response (throwing
/// <see cref="InputException"/> with the column and row of the first bad value) and returns an
/// <see cref="IFamilyLikelihood"/>. It must pass the finite-difference gradient property tests for
/// every link it accepts, the SIMD-against-scalar kernel tests, and the replicate-moment tests.
/// </remarks>
public interface IFamily
{
    /// <summary>The brms family name: <c>gaussian</c>, <c>bernoulli</c>, <c>binomial</c>, <c>poisson</c>, <c>negbinomial</c>, <c>gamma</c>, <c>lognormal</c>, <c>beta</c>, <c>student</c>.</summary>
    string Name { get; }

    /// <summary>The link name: <c>identity</c>, <c>log</c>, <c>logit</c>, <c>probit</c>, <c>cloglog</c>, <c>inverse</c>.</summary>
    string LinkName { get; }

    /// <summary>
    /// Checks the response and precomputes what the likelihood needs (log-factorials, ...). An invalid
    /// response throws <see cref="InputException"/> naming the response and the data row: the 1-based row
    /// of the data file below its header, <c>sourceRows[n] + 1</c> for observation n when given.
    /// </summary>
    IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null);
}

/// <summary>A family parameter such as <c>sigma</c>, <c>shape</c>, <c>phi</c> or <c>nu</c>, constrained to (LowerBound, ∞).</summary>
/// <param name="Name">The brms name.</param>
/// <param name="LowerBound">The lower bound (0 for scales and shapes, 1 for student's nu).</param>
public sealed record FamilyParameter(string Name, double LowerBound);

/// <summary>
/// A family bound to one response: the log likelihood of all observations given the linear predictor
/// eta and the family parameters theta (on their constrained scale), with its gradient.
/// </summary>
/// <remarks>
/// eta is N x <see cref="LinearPredictorCount"/>, column-major (one column for every family but the
/// categorical one). Implementations keep no per-call state other than caller-supplied spans and may be
/// used from several threads at once. Nothing allocates per call of <see cref="Evaluate"/>.
/// </remarks>
public interface IFamilyLikelihood
{
    /// <summary>The number of observations N.</summary>
    int ObservationCount { get; }

    /// <summary>The number of linear predictors per observation (1, or categories − 1 for categorical).</summary>
    int LinearPredictorCount { get; }

    /// <summary>The family parameters, in order (empty for poisson, bernoulli, binomial, and gaussian with known se only).</summary>
    IReadOnlyList<FamilyParameter> Parameters { get; }

    /// <summary>
    /// Returns Σ_n log p(y_n | eta_n, theta) (all normalising constants included) and fills
    /// <paramref name="gradientEta"/> (same layout as eta) with ∂/∂eta and <paramref name="gradientTheta"/>
    /// with ∂/∂theta on the constrained scale.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta);

    /// <summary>Fills <paramref name="logLikelihood"/> (length N) with log p(y_n | eta_n, theta).</summary>
    void Pointwise(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> logLikelihood);

    /// <summary>Fills <paramref name="replicate"/> (length N) with responses drawn from the model.</summary>
    void Replicate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, RandomStream rng, Span<double> replicate);

    /// <summary>The mean of the response at one linear predictor (the inverse link, times trials for binomial): E[y | eta, theta].</summary>
    double Mean(double eta, ReadOnlySpan<double> theta, int observation);

    /// <summary>The same family bound to another response of the same length (SBC). Validates it.</summary>
    IFamilyLikelihood WithResponse(double[] values);
}
