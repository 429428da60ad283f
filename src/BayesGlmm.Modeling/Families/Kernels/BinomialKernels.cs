// Binomial (and bernoulli, trials = 1) kernels: logit, probit, cloglog; aux = trials.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// binomial(logit): log p = lchoose(n, y) + y eta − n log1p_exp(eta); ∂/∂eta = y − n logistic(eta),
/// softplus and logistic from one exp(−|eta|).
/// </summary>
internal readonly struct BinomialLogitKernel : IObservationKernel<NoParameters>
{
    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var softplus = VectorMath.Log1pExp(eta, out var logistic);
        gradientEta = y - aux * logistic;
        return y * eta - aux * softplus;
    }

    public static bool HasWideForm => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogDensity(in NoParameters p, Vector512<double> eta, Vector512<double> y, Vector512<double> aux,
        out Vector512<double> gradientEta, ref Vector512<double> sum0, ref Vector512<double> sum1)
    {
        var softplus = VectorMath.Log1pExp(eta, out var logistic);
        gradientEta = y - aux * logistic;
        return y * eta - aux * softplus;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double e = Math.Exp(-Math.Abs(eta));
        double r = 1.0 / (1.0 + e);
        double logistic = eta >= 0 ? r : e * r;
        double softplus = (eta > 0 ? eta : 0.0) + LogExp.Log1p(e);
        gradientEta = y - aux * logistic;
        return y * eta - aux * softplus;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => aux * LogExp.Logistic(eta);

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => CountDraws.Binomial(rng, LogExp.Logistic(eta), aux);
}

/// <summary>
/// binomial(probit): log p = lchoose(n, y) + y log Φ(eta) + (n − y) log Φ(−eta); ∂/∂eta = y λ(eta) − (n − y) λ(−eta)
/// with λ = φ/Φ the inverse Mills ratio, all four from one erfc and stable into the far tails (<see cref="StandardNormal.LogTails"/>).
/// Terms with a zero count are skipped so that 0 · (−∞) never arises. The vector form runs lane-wise, so
/// Evaluate takes the scalar loop.
/// </summary>
internal readonly struct BinomialProbitKernel : IObservationKernel<NoParameters>
{
    public static bool IsVectorised => false;

    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
        => LaneWise.LogDensity<BinomialProbitKernel, NoParameters>(in p, eta, y, aux, out gradientEta, ref sum0, ref sum1);

    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double failures = aux - y, value = 0, gradient = 0;
        StandardNormal.LogTails(eta, out double logCdf, out double logCcdf, out double millsCdf, out double millsCcdf);
        if (y != 0)
        {
            value += y * logCdf;
            gradient += y * millsCdf;
        }
        if (failures != 0)
        {
            value += failures * logCcdf;
            gradient -= failures * millsCcdf;
        }
        if (double.IsNaN(eta)) value = gradient = double.NaN;
        gradientEta = gradient;
        return value;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => aux * StandardNormal.Cdf(eta);

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => CountDraws.Binomial(rng, StandardNormal.Cdf(eta), aux);
}

/// <summary>
/// binomial(cloglog): mu = 1 − exp(−exp(eta)); log mu = log1m_exp(−e), log(1 − mu) = −e with e = exp(eta);
/// ∂/∂eta = y e/expm1(e) − (n − y) e. Zero-count terms are skipped (selects in the vector form).
/// </summary>
internal readonly struct BinomialCloglogKernel : IObservationKernel<NoParameters>
{
    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var zero = Vector<double>.Zero;
        var e = Vector.Exp(eta);
        var failures = aux - y;
        var ratio = e / VectorMath.Expm1(e);
        ratio = Vector.ConditionalSelect(Vector.Equals(e, new Vector<double>(double.PositiveInfinity)), zero, ratio);
        ratio = Vector.ConditionalSelect(Vector.Equals(e, zero), Vector<double>.One, ratio);
        var noSuccess = Vector.Equals(y, zero);
        var noFailure = Vector.Equals(failures, zero);
        var failureTerm = Vector.ConditionalSelect(noFailure, zero, failures * e);
        gradientEta = Vector.ConditionalSelect(noSuccess, zero, y * ratio) - failureTerm;
        return Vector.ConditionalSelect(noSuccess, zero, y * VectorMath.Log1mExp(-e)) - failureTerm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double e = Math.Exp(eta), failures = aux - y;
        double ratio = e == 0 ? 1.0 : double.IsPositiveInfinity(e) ? 0.0 : e / LogExp.Expm1(e);
        double failureTerm = failures == 0 ? 0.0 : failures * e;
        gradientEta = (y == 0 ? 0.0 : y * ratio) - failureTerm;
        return (y == 0 ? 0.0 : y * LogExp.Log1mExp(-e)) - failureTerm;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => -aux * LogExp.Expm1(-Math.Exp(eta));

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => CountDraws.Binomial(rng, -LogExp.Expm1(-Math.Exp(eta)), aux);
}
