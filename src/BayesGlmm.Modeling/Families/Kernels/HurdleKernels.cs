// Hurdle count kernels: hurdle_poisson(log) and hurdle_negbinomial(log), with brms's hu.
using System.Numerics;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// hurdle_poisson(log) as brms writes it (<c>hurdle_poisson_log_lpmf</c>): a zero with the hurdle probability h,
/// p(0) = h, and p(y) = (1 − h) Poisson(y | μ) / (1 − e^(−μ)) for y &gt; 0 (Mullahy 1986; Cameron &amp; Trivedi 2013,
/// §4.5). The eta part is y η − μ − log1m_exp(−μ) for y &gt; 0 and 0 at a zero, with ∂/∂η = y − μ − μ / expm1(μ);
/// the theta-only part log h or log(1 − h) gives ∂/∂h = N₀/h − N₊/(1 − h) in closed form (no running sums).
/// </summary>
internal readonly struct HurdlePoissonKernel : IObservationKernel<ZeroProbability>
{
    public static ZeroProbability Prepare(ReadOnlySpan<double> theta) => ZeroProbability.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ZeroProbability p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var mu = Vector.Exp(eta);
        var zero = Vector.Equals(y, Vector<double>.Zero);
        gradientEta = Vector.ConditionalSelect(zero, Vector<double>.Zero, y - mu - mu / VectorMath.Expm1(mu));
        return Vector.ConditionalSelect(zero, Vector<double>.Zero, y * eta - mu - VectorMath.Log1mExp(-mu));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ZeroProbability p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        if (y == 0)
        {
            gradientEta = 0.0;
            return 0.0;
        }
        double mu = Math.Exp(eta);
        gradientEta = y - mu - mu / LogExp.Expm1(mu);
        return y * eta - mu - LogExp.Log1mExp(-mu);
    }

    public static double ThetaTerms(in ZeroProbability p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double value = p.Terms(data, out double derivative);
        gradientTheta[0] = derivative;
        return value;
    }

    public static double ObservationThetaTerm(in ZeroProbability p, double y, double aux) => p.Term(y);

    /// <summary>E[y] = (1 − h) μ / (1 − e^(−μ)) (1 − h as μ → 0, the mean of a zero-truncated Poisson being 1 there).</summary>
    public static double Mean(in ZeroProbability p, double eta, double aux)
    {
        double mu = Math.Exp(eta);
        return mu == 0 ? 1.0 - p.P : (1.0 - p.P) * mu / -LogExp.Expm1(-mu);
    }

    public static double Draw(in ZeroProbability p, double eta, double aux, RandomStream rng)
    {
        if (double.IsNaN(eta)) return double.NaN;
        return rng.NextDouble() < p.P ? 0.0 : CountDraws.ZeroTruncatedPoisson(rng, Math.Exp(eta));
    }
}

/// <summary>
/// hurdle_negbinomial(log) as brms writes it (<c>hurdle_neg_binomial_log_lpmf</c>): p(0) = h and
/// p(y) = (1 − h) NB2(y | μ, φ) / (1 − p₀) for y &gt; 0, with log p₀ = ℓ₀ = −φ softplus(η − log φ). With x = η − log φ,
/// s = softplus(x), l = logistic(x) and q = 1/expm1(φ s): the eta part is y x − (y + φ) s − log1m_exp(ℓ₀),
/// ∂/∂η = y − (y + φ) l − φ l q, and the non-digamma part of ∂/∂φ is l − s − y (1 − l)/φ + (l − s) q
/// (running sum 0); ∂/∂h in closed form.
/// </summary>
internal readonly struct HurdleNegBinomialKernel : IObservationKernel<ShapeAndZeroProbability>
{
    public static ShapeAndZeroProbability Prepare(ReadOnlySpan<double> theta) => ShapeAndZeroProbability.From(theta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ShapeAndZeroProbability p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var shape = new Vector<double>(p.Shape.Shape);
        var x = eta - new Vector<double>(p.Shape.LogShape);
        var softplus = VectorMath.Log1pExp(x, out var logistic);
        var zero = Vector.Equals(y, Vector<double>.Zero);
        var minusLogP0 = shape * softplus;
        var q = Vector<double>.One / VectorMath.Expm1(minusLogP0);
        var yPlusShape = y + shape;
        gradientEta = Vector.ConditionalSelect(zero, Vector<double>.Zero, y - yPlusShape * logistic - shape * logistic * q);
        sum0 += Vector.ConditionalSelect(zero, Vector<double>.Zero,
            logistic - softplus - y * (Vector<double>.One - logistic) / shape + (logistic - softplus) * q);
        return Vector.ConditionalSelect(zero, Vector<double>.Zero, y * x - yPlusShape * softplus - VectorMath.Log1mExp(-minusLogP0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeAndZeroProbability p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        if (y == 0)
        {
            gradientEta = 0.0;
            return 0.0;
        }
        double shape = p.Shape.Shape, x = eta - p.Shape.LogShape;
        double softplus = LogExp.Log1pExp(x), logistic = LogExp.Logistic(x);
        double minusLogP0 = shape * softplus, q = 1.0 / LogExp.Expm1(minusLogP0);
        double yPlusShape = y + shape;
        gradientEta = y - yPlusShape * logistic - shape * logistic * q;
        sum0 += logistic - softplus - y * (1.0 - logistic) / shape + (logistic - softplus) * q;
        return y * x - yPlusShape * softplus - LogExp.Log1mExp(-minusLogP0);
    }

    public static double ThetaTerms(in ShapeAndZeroProbability p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double value = p.Terms(data, out double dShape, out double dZero);
        gradientTheta[0] = dShape + sum0;
        gradientTheta[1] = dZero;
        return value;
    }

    public static double ObservationThetaTerm(in ShapeAndZeroProbability p, double y, double aux) => p.Term(y);

    /// <summary>E[y] = (1 − h) μ / (1 − p₀) with p₀ = (φ/(μ + φ))^φ (1 − h as μ → 0).</summary>
    public static double Mean(in ShapeAndZeroProbability p, double eta, double aux)
    {
        double mu = Math.Exp(eta);
        if (mu == 0) return 1.0 - p.Zero.P;
        double logP0 = -p.Shape.Shape * LogExp.Log1pExp(eta - p.Shape.LogShape);
        return (1.0 - p.Zero.P) * mu / -LogExp.Expm1(logP0);
    }

    public static double Draw(in ShapeAndZeroProbability p, double eta, double aux, RandomStream rng)
    {
        if (double.IsNaN(eta)) return double.NaN;
        return rng.NextDouble() < p.Zero.P ? 0.0 : CountDraws.ZeroTruncatedNegBinomial(rng, Math.Exp(eta), p.Shape.Shape);
    }
}
