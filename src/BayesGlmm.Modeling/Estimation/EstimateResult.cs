// The point estimates of a mixed model, named as brms names parameters, with lme4's log-likelihood and diagnostics.
namespace BayesGlmm.Modeling.Estimation;

/// <summary>One estimated quantity.</summary>
/// <param name="Variable">brms name: b_x, sd_g__Intercept, cor_g__Intercept__x, sigma, shape, ...</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="StandardError">Its standard error where lme4 reports one (the population-level coefficients), else NaN.</param>
public sealed record EstimateRow(string Variable, double Estimate, double StandardError);

/// <summary>The result of <see cref="MixedModelEstimator.Estimate"/>.</summary>
public sealed record EstimateResult
{
    /// <summary>The method used.</summary>
    public required EstimationMethod Method { get; init; }

    /// <summary>Quadrature points per cluster (1 for Laplace, REML and ML).</summary>
    public required int Nodes { get; init; }

    /// <summary>Every estimate in brms order: b_, sd_, cor_, then sigma or the family parameters.</summary>
    public required IReadOnlyList<EstimateRow> Rows { get; init; }

    /// <summary>The maximised log-likelihood with every constant: the restricted one for REML, the approximation's for Laplace and AGQ.</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>
    /// The log-likelihood lme4's logLik() reports for the method: <see cref="LogLikelihood"/>, except with adaptive quadrature
    /// (nAGQ &gt; 1) for the binomial and poisson families, where glmer measures it from the deviance residuals and so leaves
    /// out the saturated model's log-likelihood Σ log p(y_n | μ_n = y_n) (lme4's glmerAGQ).
    /// </summary>
    public double Lme4LogLikelihood { get; init; }

    /// <summary>Whether a variance sits on its bound of 0 (lme4's isSingular: a relative-factor diagonal below 1e-4).</summary>
    public required bool Singular { get; init; }

    /// <summary>Whether the optimiser met its convergence test.</summary>
    public required bool Converged { get; init; }

    /// <summary>Optimiser iterations.</summary>
    public required int Iterations { get; init; }

    /// <summary>Evaluations of the objective (finite differences and the Hessian included).</summary>
    public required int Evaluations { get; init; }

    /// <summary>For quadrature with one scalar term: log L with 2K points minus log L with K at the estimate (the quadrature's error check); NaN otherwise.</summary>
    public double QuadratureCheck { get; init; } = double.NaN;

    /// <summary>Notes for the user (a Hessian that is not positive definite, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
