// Positive and unit-interval kernels: gamma (log, inverse) in brms's mean parameterisation, beta(logit) in mean–precision form.
using System.Numerics;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// gamma with shape α and mean mu (rate α/mu), brms's parameterisation:
/// log p = α log α − lgamma(α) + (α − 1) log y − α (log mu + y/mu). aux = log y.
/// The eta part is −α (log mu + y/mu), its running sum Σ (log mu + y/mu) gives
/// ∂/∂α = N (log α + 1 − ψ(α)) + Σ log y − Σ (log mu + y/mu).
/// </summary>
internal static class GammaTerms
{
    public static double ThetaTerms(double shape, ObservationData data, double sum0, Span<double> gradientTheta)
    {
        double n = data.Count, logShape = Math.Log(shape);
        gradientTheta[0] = n * (logShape + 1.0 - SpecialFunctions.DiGamma(shape)) + data.SumAux - sum0;
        return n * (shape * logShape - SpecialFunctions.GammaLn(shape)) + shape * data.SumAux;
    }

    public static double ObservationThetaTerm(double shape, double logY)
        => shape * Math.Log(shape) - SpecialFunctions.GammaLn(shape) + shape * logY;
}

/// <summary>gamma(log): log mu = eta, y/mu = y exp(−eta); ∂/∂eta = α (y exp(−eta) − 1).</summary>
internal readonly struct GammaLogKernel : IObservationKernel<ShapeParameters>
{
    public static ShapeParameters Prepare(ReadOnlySpan<double> theta) => ShapeParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ShapeParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var shape = new Vector<double>(p.Shape);
        var ratio = y * Vector.Exp(-eta);
        var t = eta + ratio;
        sum0 += t;
        gradientEta = shape * (ratio - Vector<double>.One);
        return -shape * t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double ratio = y * Math.Exp(-eta), t = eta + ratio;
        sum0 += t;
        gradientEta = p.Shape * (ratio - 1.0);
        return -p.Shape * t;
    }

    public static double ThetaTerms(in ShapeParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
        => GammaTerms.ThetaTerms(p.Shape, data, sum0, gradientTheta);

    public static double ObservationThetaTerm(in ShapeParameters p, double y, double aux) => GammaTerms.ObservationThetaTerm(p.Shape, aux);

    public static double Mean(in ShapeParameters p, double eta, double aux) => Math.Exp(eta);

    public static double Draw(in ShapeParameters p, double eta, double aux, RandomStream rng) => rng.NextGamma(p.Shape) * Math.Exp(eta) / p.Shape;
}

/// <summary>
/// gamma(inverse): mu = 1/eta (eta &gt; 0, else the density is NaN and the proposal is rejected);
/// log mu + y/mu = y eta − log eta; ∂/∂eta = α (1/eta − y).
/// </summary>
internal readonly struct GammaInverseKernel : IObservationKernel<ShapeParameters>
{
    public static ShapeParameters Prepare(ReadOnlySpan<double> theta) => ShapeParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ShapeParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var shape = new Vector<double>(p.Shape);
        var t = y * eta - Vector.Log(eta);
        sum0 += t;
        gradientEta = shape * (Vector<double>.One / eta - y);
        return -shape * t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double t = y * eta - Math.Log(eta);
        sum0 += t;
        gradientEta = p.Shape * (1.0 / eta - y);
        return -p.Shape * t;
    }

    public static double ThetaTerms(in ShapeParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
        => GammaTerms.ThetaTerms(p.Shape, data, sum0, gradientTheta);

    public static double ObservationThetaTerm(in ShapeParameters p, double y, double aux) => GammaTerms.ObservationThetaTerm(p.Shape, aux);

    public static double Mean(in ShapeParameters p, double eta, double aux) => 1.0 / eta;

    public static double Draw(in ShapeParameters p, double eta, double aux, RandomStream rng) => rng.NextGamma(p.Shape) / (eta * p.Shape);
}

/// <summary>
/// beta(logit), mean–precision form (Ferrari &amp; Cribari-Neto 2004): mu = logistic(eta), a = mu φ, b = (1 − mu) φ,
/// log p = lgamma(φ) − lgamma(a) − lgamma(b) + (a − 1) log y + (b − 1) log(1 − y). Here y holds log y and aux
/// log(1 − y); the −log y − log(1 − y) part is in the constants.
/// ∂/∂eta = φ (ψ(b) − ψ(a) + log y − log(1 − y)) mu (1 − mu); ∂/∂φ = N ψ(φ) + Σ [mu (log y − ψ(a)) + (1 − mu)(log(1 − y) − ψ(b))].
/// log Γ and ψ of a and b come from one recurrence-plus-Stirling evaluation each (<see cref="GammaFunctions"/>), vectorised.
/// </summary>
internal readonly struct BetaLogitKernel : IObservationKernel<ShapeParameters>
{
    public static ShapeParameters Prepare(ReadOnlySpan<double> theta) => ShapeParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ShapeParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var phi = new Vector<double>(p.Shape);
        // mu = logistic(eta) and 1 − mu = logistic(−eta) from one exp(−|eta|).
        var e = Vector.Exp(-Vector.Abs(eta));
        var r = Vector<double>.One / (Vector<double>.One + e);
        var nonNegative = Vector.GreaterThanOrEqual(eta, Vector<double>.Zero);
        var mu = Vector.ConditionalSelect(nonNegative, r, e * r);
        var nu = Vector.ConditionalSelect(nonNegative, e * r, r);
        var lgammaA = VectorMath.LogGammaDigamma(mu * phi, out var psiA);
        var lgammaB = VectorMath.LogGammaDigamma(nu * phi, out var psiB);
        gradientEta = phi * (psiB - psiA + y - aux) * mu * nu;
        sum0 += mu * (y - psiA) + nu * (aux - psiB);
        return -lgammaA - lgammaB + mu * phi * y + nu * phi * aux;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ShapeParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double phi = p.Shape;
        double e = Math.Exp(-Math.Abs(eta)), r = 1.0 / (1.0 + e);
        double mu = eta >= 0 ? r : e * r, nu = eta >= 0 ? e * r : r;
        double lgammaA = GammaFunctions.LogGammaDigamma(mu * phi, out double psiA);
        double lgammaB = GammaFunctions.LogGammaDigamma(nu * phi, out double psiB);
        gradientEta = phi * (psiB - psiA + y - aux) * mu * nu;
        sum0 += mu * (y - psiA) + nu * (aux - psiB);
        return -lgammaA - lgammaB + mu * phi * y + nu * phi * aux;
    }

    public static double ThetaTerms(in ShapeParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        gradientTheta[0] = data.Count * SpecialFunctions.DiGamma(p.Shape) + sum0;
        return data.Count * SpecialFunctions.GammaLn(p.Shape);
    }

    public static double ObservationThetaTerm(in ShapeParameters p, double y, double aux) => SpecialFunctions.GammaLn(p.Shape);

    public static double Mean(in ShapeParameters p, double eta, double aux) => LogExp.Logistic(eta);

    public static double Draw(in ShapeParameters p, double eta, double aux, RandomStream rng)
        => rng.NextBeta(LogExp.Logistic(eta) * p.Shape, LogExp.Logistic(-eta) * p.Shape);
}
