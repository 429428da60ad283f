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
    /// <summary>
    /// The brms family name: <c>gaussian</c>, <c>bernoulli</c>, <c>binomial</c>, <c>poisson</c>, <c>negbinomial</c>,
    /// <c>zero_inflated_poisson</c>, <c>zero_inflated_negbinomial</c>, <c>hurdle_poisson</c>, <c>hurdle_negbinomial</c>,
    /// <c>gamma</c>, <c>lognormal</c>, <c>beta</c>, <c>student</c>, <c>cumulative</c>, <c>categorical</c>.
    /// </summary>
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

/// <summary>
/// A family parameter such as <c>sigma</c>, <c>shape</c>, <c>phi</c>, <c>nu</c> (constrained to (LowerBound, ∞)) or
/// <c>zi</c>, <c>hu</c> (constrained to (LowerBound, UpperBound) = (0, 1)), with the map from the sampler's
/// unconstrained coordinate u, as Stan declares <c>real&lt;lower=lb&gt;</c> and <c>real&lt;lower=lb, upper=ub&gt;</c>
/// (Stan Reference Manual, "Constraint transforms": lower bound θ = lb + exp(u); lower and upper bound
/// θ = lb + (ub − lb) logistic(u)).
/// </summary>
/// <param name="Name">The brms name.</param>
/// <param name="LowerBound">The lower bound (0 for scales, shapes and probabilities, 1 for student's nu).</param>
/// <param name="UpperBound">The upper bound (1 for the probabilities zi and hu, +∞ otherwise).</param>
public sealed record FamilyParameter(string Name, double LowerBound, double UpperBound = double.PositiveInfinity)
{
    /// <summary>Whether the parameter is bounded on both sides (the logit transform).</summary>
    public bool IsInterval => double.IsFinite(LowerBound) && double.IsFinite(UpperBound);

    /// <summary>θ from u; <paramref name="logJacobian"/> is log |dθ/du| (u for the lower bound; log(ub − lb) + log s + log(1 − s) with s = logistic(u) for an interval).</summary>
    public double Constrain(double u, out double logJacobian)
    {
        if (!IsInterval)
        {
            logJacobian = u;
            return LowerBound + Math.Exp(u);
        }
        double width = UpperBound - LowerBound;
        logJacobian = Math.Log(width) - Numerics.Special.LogExp.Log1pExp(u) - Numerics.Special.LogExp.Log1pExp(-u);
        return LowerBound + width * Numerics.Special.LogExp.Logistic(u);
    }

    /// <summary>u from θ: log(θ − lb), or logit((θ − lb)/(ub − lb)); NaN when θ is outside the open support.</summary>
    public double Unconstrain(double theta)
    {
        if (!(theta > LowerBound && theta < UpperBound)) return double.NaN;
        if (!IsInterval) return Math.Log(theta - LowerBound);
        double s = (theta - LowerBound) / (UpperBound - LowerBound);
        return Math.Log(s) - Numerics.Special.LogExp.Log1p(-s);
    }

    /// <summary>
    /// The chain rule at θ: ∂/∂u of a function with derivative <paramref name="gradientTheta"/> in θ, plus the
    /// derivative of the log Jacobian: g (θ − lb) + 1, or g (ub − lb) s (1 − s) + 1 − 2s for an interval.
    /// </summary>
    public double ChainGradient(double theta, double gradientTheta)
    {
        if (!IsInterval) return gradientTheta * (theta - LowerBound) + 1.0;
        double width = UpperBound - LowerBound, s = (theta - LowerBound) / width;
        return gradientTheta * width * s * (1.0 - s) + 1.0 - 2.0 * s;
    }
}

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
