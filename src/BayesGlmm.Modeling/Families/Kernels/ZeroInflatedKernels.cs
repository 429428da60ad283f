// Zero-inflated count kernels: zero_inflated_poisson(log) and zero_inflated_negbinomial(log), with brms's zi.
using System.Numerics;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>A probability π ∈ (0, 1) of an extra zero (brms's <c>zi</c> or <c>hu</c>) with log π, log(1 − π) and logit π.</summary>
internal readonly record struct ZeroProbability(double P, double LogP, double Log1mP, double Logit)
{
    public static ZeroProbability From(double p)
    {
        double logP = Math.Log(p), log1mP = LogExp.Log1p(-p);
        return new(p, logP, log1mP, logP - log1mP);
    }

    /// <summary>The number of zeros among the responses (their distinct values are ascending).</summary>
    public static double Zeros(ObservationData data) =>
        data.DistinctY.Length > 0 && data.DistinctY[0] == 0 ? data.DistinctCount[0] : 0.0;

    /// <summary>log π for a zero, log(1 − π) otherwise.</summary>
    public double Term(double y) => y == 0 ? LogP : Log1mP;

    /// <summary>Σ_n of <see cref="Term"/> and its derivative in π, from the number of zeros.</summary>
    public double Terms(ObservationData data, out double derivative)
    {
        double zeros = Zeros(data), positive = data.Count - zeros;
        derivative = zeros / P - positive / (1.0 - P);
        return zeros * LogP + positive * Log1mP;
    }
}

/// <summary>The negative binomial shape φ with a zero probability π (theta = [shape, zi] or [shape, hu], brms's order).</summary>
internal readonly record struct ShapeAndZeroProbability(ShapeParameters Shape, ZeroProbability Zero)
{
    public static ShapeAndZeroProbability From(ReadOnlySpan<double> theta) => new(ShapeParameters.From(theta[0]), ZeroProbability.From(theta[1]));

    /// <summary>The theta-only terms of all observations (the count part's lgamma terms and the zero probability's) and their derivatives.</summary>
    public double Terms(ObservationData data, out double shapeDerivative, out double zeroDerivative) =>
        Shape.LogGammaTerms(data, out shapeDerivative) + Zero.Terms(data, out zeroDerivative);

    /// <summary>The theta-only term of one observation.</summary>
    public double Term(double y) => Shape.LogGammaTerm(y) + Zero.Term(y);
}

/// <summary>
/// zero_inflated_poisson(log) as brms writes it (<c>zero_inflated_poisson_log_lpmf</c>): with μ = exp(η) and the
/// zero-inflation probability π,
/// p(0) = π + (1 − π) e^(−μ) and p(y) = (1 − π) Poisson(y | μ) for y &gt; 0 (Lambert 1992, eq. 1).
/// Written as log π + softplus(−μ − logit π) for y = 0, so that the theta-only part is log π for a zero and
/// log(1 − π) otherwise. With w = logistic(−μ − logit π), the posterior probability that a zero came from the
/// Poisson part, ∂/∂η = w (−μ) at a zero and y − μ otherwise, and ∂/∂π = N₀/π − N₊/(1 − π) − Σ_zeros w / (π(1 − π));
/// the running sum is Σ_zeros w.
/// </summary>
internal readonly struct ZeroInflatedPoissonKernel : IObservationKernel<ZeroProbability>
{
    public static ZeroProbability Prepare(ReadOnlySpan<double> theta) => ZeroProbability.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ZeroProbability p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var mu = Vector.Exp(eta);
        var zero = Vector.Equals(y, Vector<double>.Zero);
        var softplus = VectorMath.Log1pExp(-mu - new Vector<double>(p.Logit), out var w);
        gradientEta = Vector.ConditionalSelect(zero, w, Vector<double>.One) * (y - mu);
        sum0 += Vector.ConditionalSelect(zero, w, Vector<double>.Zero);
        return Vector.ConditionalSelect(zero, softplus, y * eta - mu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ZeroProbability p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double mu = Math.Exp(eta);
        if (y == 0)
        {
            double a = -mu - p.Logit, w = LogExp.Logistic(a);
            gradientEta = w * (y - mu);
            sum0 += w;
            return LogExp.Log1pExp(a);
        }
        gradientEta = y - mu;
        return y * eta - mu;
    }

    public static double ThetaTerms(in ZeroProbability p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double value = p.Terms(data, out double derivative);
        gradientTheta[0] = derivative - sum0 / (p.P * (1.0 - p.P));
        return value;
    }

    public static double ObservationThetaTerm(in ZeroProbability p, double y, double aux) => p.Term(y);

    public static double Mean(in ZeroProbability p, double eta, double aux) => (1.0 - p.P) * Math.Exp(eta);

    public static double Draw(in ZeroProbability p, double eta, double aux, RandomStream rng)
    {
        if (double.IsNaN(eta)) return double.NaN;
        return rng.NextDouble() < p.P ? 0.0 : CountDraws.Poisson(rng, Math.Exp(eta));
    }
}

/// <summary>
/// zero_inflated_negbinomial(log) as brms writes it (<c>zero_inflated_neg_binomial_log_lpmf</c>): the negative binomial
/// NB2(μ, φ) of <see cref="NegBinomialLogKernel"/> mixed with a point mass π at zero. With x = η − log φ,
/// s = softplus(x), l = logistic(x), the count part's log p(0) is ℓ₀ = −φ s; at a zero the eta part is
/// softplus(ℓ₀ − logit π) with weight w = logistic(ℓ₀ − logit π), elsewhere the NB2 eta part y x − (y + φ) s.
/// With m = w at a zero and 1 otherwise: ∂/∂η = m (y − (y + φ) l), and the non-digamma part of ∂/∂φ is
/// m (l − s − y (1 − l)/φ) (running sum 0); ∂/∂π as for the Poisson kernel (running sum 1 = Σ_zeros w).
/// </summary>
internal readonly struct ZeroInflatedNegBinomialKernel : IObservationKernel<ShapeAndZeroProbability>
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
        var zeroPart = VectorMath.Log1pExp(-shape * softplus - new Vector<double>(p.Zero.Logit), out var w);
        var m = Vector.ConditionalSelect(zero, w, Vector<double>.One);
        var yPlusShape = y + shape;
        gradientEta = m * (y - yPlusShape * logistic);
        sum0 += m * (logistic - softplus - y * (Vector<double>.One - logistic) / shape);
        sum1 += Vector.ConditionalSelect(zero, w, Vector<double>.Zero);
        return Vector.ConditionalSelect(zero, zeroPart, y * x - yPlusShape * softplus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeAndZeroProbability p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double shape = p.Shape.Shape, x = eta - p.Shape.LogShape;
        double softplus = LogExp.Log1pExp(x), logistic = LogExp.Logistic(x);
        double yPlusShape = y + shape;
        if (y == 0)
        {
            double a = -shape * softplus - p.Zero.Logit, w = LogExp.Logistic(a);
            gradientEta = w * (y - yPlusShape * logistic);
            sum0 += w * (logistic - softplus - y * (1.0 - logistic) / shape);
            sum1 += w;
            return LogExp.Log1pExp(a);
        }
        gradientEta = y - yPlusShape * logistic;
        sum0 += logistic - softplus - y * (1.0 - logistic) / shape;
        return y * x - yPlusShape * softplus;
    }

    public static double ThetaTerms(in ShapeAndZeroProbability p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double value = p.Terms(data, out double dShape, out double dZero);
        gradientTheta[0] = dShape + sum0;
        gradientTheta[1] = dZero - sum1 / (p.Zero.P * (1.0 - p.Zero.P));
        return value;
    }

    public static double ObservationThetaTerm(in ShapeAndZeroProbability p, double y, double aux) => p.Term(y);

    public static double Mean(in ShapeAndZeroProbability p, double eta, double aux) => (1.0 - p.Zero.P) * Math.Exp(eta);

    public static double Draw(in ShapeAndZeroProbability p, double eta, double aux, RandomStream rng)
    {
        if (double.IsNaN(eta)) return double.NaN;
        return rng.NextDouble() < p.Zero.P ? 0.0 : CountDraws.NegBinomial(rng, Math.Exp(eta), p.Shape.Shape);
    }
}
