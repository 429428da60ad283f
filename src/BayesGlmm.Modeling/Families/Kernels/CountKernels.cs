// Count kernels: poisson(log) and negbinomial(log) (NB2, Stan's neg_binomial_2_log).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>poisson(log): log p = y eta − exp(eta) − lgamma(y + 1); ∂/∂eta = y − exp(eta) (exp inlined: <see cref="VectorMath.Exp(Vector{double})"/>).</summary>
internal readonly struct PoissonLogKernel : IObservationKernel<NoParameters>
{
    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var mu = VectorMath.Exp(eta);
        gradientEta = y - mu;
        return y * eta - mu;
    }

    public static bool HasWideForm => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogDensity(in NoParameters p, Vector512<double> eta, Vector512<double> y, Vector512<double> aux,
        out Vector512<double> gradientEta, ref Vector512<double> sum0, ref Vector512<double> sum1)
    {
        var mu = VectorMath.Exp(eta);
        gradientEta = y - mu;
        return y * eta - mu;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double mu = Math.Exp(eta);
        gradientEta = y - mu;
        return y * eta - mu;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => Math.Exp(eta);

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => CountDraws.Poisson(rng, Math.Exp(eta));
}

/// <summary>The negative binomial shape φ and log φ.</summary>
internal readonly record struct ShapeParameters(double Shape, double LogShape)
{
    public static ShapeParameters From(double shape) => new(shape, Math.Log(shape));

    /// <summary>Σ_n [lgamma(y_n + φ) − lgamma(φ)] over the distinct counts (a zero adds nothing) and its derivative in φ.</summary>
    public double LogGammaTerms(ObservationData data, out double derivative)
    {
        double value = 0, gradient = 0;
        var distinct = data.DistinctY;
        var counts = data.DistinctCount;
        for (int k = 0; k < distinct.Length; k++)
        {
            value += counts[k] * SpecialFunctions.GammaLn(distinct[k] + Shape);
            gradient += counts[k] * SpecialFunctions.DiGamma(distinct[k] + Shape);
        }
        derivative = gradient - data.Count * SpecialFunctions.DiGamma(Shape);
        return value - data.Count * SpecialFunctions.GammaLn(Shape);
    }

    /// <summary>lgamma(y + φ) − lgamma(φ), the theta-only term of one count.</summary>
    public double LogGammaTerm(double y) => SpecialFunctions.GammaLn(y + Shape) - SpecialFunctions.GammaLn(Shape);
}

/// <summary>
/// negbinomial(log), NB2 with mean mu = exp(eta) and shape φ (variance mu + mu²/φ):
/// log p = lgamma(y + φ) − lgamma(φ) − lgamma(y + 1) + y log mu + φ log φ − (y + φ) log(mu + φ).
/// With x = eta − log φ the eta part is y x − (y + φ) log1p_exp(x), stable for any mu/φ, and
/// ∂/∂eta = y − (y + φ) logistic(x). Its ∂/∂φ is −(∂/∂eta)/φ − log1p_exp(x): running sums
/// Σ log1p_exp(x) and Σ ∂/∂eta. The lgamma(y + φ) terms are summed over the distinct counts.
/// </summary>
internal readonly struct NegBinomialLogKernel : IObservationKernel<ShapeParameters>
{
    public static ShapeParameters Prepare(ReadOnlySpan<double> theta) => ShapeParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ShapeParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var x = eta - new Vector<double>(p.LogShape);
        var softplus = VectorMath.Log1pExp(x, out var logistic);
        var yPlusShape = y + new Vector<double>(p.Shape);
        var gradient = y - yPlusShape * logistic;
        sum0 += softplus;
        sum1 += gradient;
        gradientEta = gradient;
        return y * x - yPlusShape * softplus;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double x = eta - p.LogShape;
        double e = Math.Exp(-Math.Abs(x));
        double r = 1.0 / (1.0 + e);
        double logistic = x >= 0 ? r : e * r;
        double softplus = (x > 0 ? x : 0.0) + LogExp.Log1p(e);
        double yPlusShape = y + p.Shape;
        double gradient = y - yPlusShape * logistic;
        sum0 += softplus;
        sum1 += gradient;
        gradientEta = gradient;
        return y * x - yPlusShape * softplus;
    }

    public static double ThetaTerms(in ShapeParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double value = p.LogGammaTerms(data, out double gradient);
        gradientTheta[0] = gradient - sum1 / p.Shape - sum0;
        return value;
    }

    public static double ObservationThetaTerm(in ShapeParameters p, double y, double aux) => p.LogGammaTerm(y);

    public static double Mean(in ShapeParameters p, double eta, double aux) => Math.Exp(eta);

    /// <summary>The gamma–Poisson mixture: lambda ~ gamma(φ, rate φ/mu), y ~ Poisson(lambda).</summary>
    public static double Draw(in ShapeParameters p, double eta, double aux, RandomStream rng)
        => CountDraws.NegBinomial(rng, Math.Exp(eta), p.Shape);
}
