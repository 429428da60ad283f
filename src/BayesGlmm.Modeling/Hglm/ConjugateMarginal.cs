// The closed-form cluster likelihoods with u integrated out, their gradients, and the exact conditional draws of v.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// The u-dependent part of one cluster's marginal log likelihood ℓ_i = log ∫ Π_j p(y_ij | u) p(u | λ) du for the
/// three conjugate pairs (Lee &amp; Nelder 1996 §4; Lee, Nelder &amp; Pawitan 2006 ch. 6; with covariates, Lee, Green
/// &amp; Ryan, arXiv:1709.06288; formulas and checks in HGLM_NOTES §1–3), regrouped so that every term stays O(1)
/// as λ → 0 (then u → 1 and ℓ_i tends to the plain GLM likelihood). The caller adds the per-observation terms.
/// Each conditional draw follows HGLM_NOTES §7: u_i | y, β, θ, λ is gamma, inverse-gamma or beta, drawn in logs.
/// </summary>
public static class ConjugateMarginal
{
    /// <summary>
    /// Poisson–gamma (α = 1/λ, Y = Σ_j y_ij, M = Σ_j μ_ij): returns D(α, Y) − (Y + α) log1p(M/α), D(α, Y) =
    /// lgamma(Y + α) − lgamma(α) − Y log α; the caller adds Σ_j [y_ij η_ij − lgamma(y_ij + 1)]. Sets
    /// <paramref name="uHat"/> = (Y + α)/(M + α), so ∂ℓ_i/∂η_ij = y_ij − μ_ij û, and
    /// ∂ℓ_i/∂ρ = −α[ψ(Y + α) − ψ(α) − log1p(M/α) + (M − Y)/(M + α)] (HGLM_NOTES §1).
    /// </summary>
    public static double PoissonGamma(double alpha, double y, double m, out double uHat, out double derivativeRho)
    {
        double log1pM = LogExp.Log1p(m / alpha);
        uHat = (y + alpha) / (m + alpha);
        derivativeRho = -alpha * (Polygamma.DigammaDifference(alpha, y) - log1pM + (m - y) / (m + alpha));
        return Polygamma.LogRisingOverPower(alpha, y) - (y + alpha) * log1pM;
    }

    /// <summary>
    /// Gamma–inverse-gamma with log link (b = 1/λ, a = 1 + b, n_i observations, shape ν, S = Σ_j y_ij/μ_ij,
    /// A = a + n ν, B = b + ν S): returns lgamma(A) − lgamma(a) + a log b − A log B, computed as
    /// D(a, nν) + nν log1p(1/b) − A log1p(νS/b); the caller adds Σ_j [ν log ν + (ν − 1) log y_ij − ν η_ij − lgamma(ν)].
    /// Sets <paramref name="ratio"/> = A/B (∂ℓ_i/∂η_ij = ν(y_ij/μ_ij · A/B − 1)), the cluster part of ∂ℓ_i/∂ν,
    /// n ψ(A) − n log B − A S/B, and ∂ℓ_i/∂ρ = −b[log b − ψ(a) + ψ(A) − log B + a/b − A/B] (HGLM_NOTES §2).
    /// </summary>
    public static double GammaInverseGamma(double b, double count, double shape, double s, out double ratio,
        out double derivativeShape, out double derivativeRho)
    {
        double a = 1.0 + b, k = count * shape, vs = shape * s;
        double bigA = a + k, bigB = b + vs;
        double log1pS = LogExp.Log1p(vs / b);
        ratio = bigA / bigB;
        // n [ψ(A) − log B] = n [(ψ − log)(A) + log(A/B)], A − B = 1 + nν − νS.
        derivativeShape = count * (Polygamma.DigammaMinusLog(bigA) + LogExp.Log1p((1.0 + k - vs) / bigB)) - ratio * s;
        derivativeRho = -b * (Polygamma.DigammaDifference(a, k) - log1pS) - (a * vs - k * b) / bigB;
        return Polygamma.LogRisingOverPower(a, k) + k * LogExp.Log1p(1.0 / b) - bigA * log1pS;
    }

    /// <summary>
    /// Binomial–beta (α = 1/(2λ), Y successes of N trials in the cluster, logit p = v alone): returns
    /// lbeta(α + Y, α + N − Y) − lbeta(α, α) = D(α, Y) + D(α, N − Y) − D(2α, N) − N log 2; the caller adds
    /// Σ_j lchoose(n_ij, y_ij). ∂ℓ_i/∂ρ = −α[ψ(α + Y) + ψ(α + N − Y) − 2ψ(2α + N) − 2ψ(α) + 2ψ(2α)] (HGLM_NOTES §3).
    /// </summary>
    public static double BinomialBeta(double alpha, double y, double n, out double derivativeRho)
    {
        derivativeRho = -alpha * (Polygamma.DigammaDifference(alpha, y) + Polygamma.DigammaDifference(alpha, n - y)
                                  - 2 * Polygamma.DigammaDifference(2 * alpha, n));
        return Polygamma.LogRisingOverPower(alpha, y) + Polygamma.LogRisingOverPower(alpha, n - y)
               - Polygamma.LogRisingOverPower(2 * alpha, n) - n * 0.6931471805599453;
    }

    /// <summary>v_i = log u_i with u_i | y ~ Gamma(α + Y, rate α + M) (Poisson–gamma).</summary>
    public static double DrawPoissonGamma(RandomStream rng, double alpha, double y, double m) =>
        rng.NextLogGamma(alpha + y) - Math.Log(alpha + m);

    /// <summary>v_i = log u_i with u_i | y ~ InvGamma(A, B), A = 1 + b + nν, B = b + νS (gamma–inverse-gamma).</summary>
    public static double DrawGammaInverseGamma(RandomStream rng, double b, double count, double shape, double s) =>
        Math.Log(b + shape * s) - rng.NextLogGamma(1.0 + b + count * shape);

    /// <summary>v_i = logit u_i with u_i | y ~ Beta(α + Y, α + N − Y) (binomial–beta), as log G1 − log G2.</summary>
    public static double DrawBinomialBeta(RandomStream rng, double alpha, double y, double n) =>
        rng.NextLogGamma(alpha + y) - rng.NextLogGamma(alpha + n - y);
}
