// Gaussian kernels: identity and log links, with sigma or with known standard errors; lognormal reuses identity.
using System.Numerics;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>sigma and the constants derived from it once per evaluation.</summary>
internal readonly record struct ScaleParameters(double Sigma, double InverseVariance, double LogSigma)
{
    public static ScaleParameters From(double sigma) => new(sigma, 1.0 / (sigma * sigma), Math.Log(sigma));

    /// <summary>Σ_n −log σ and ∂/∂σ = −N/σ + Σ r²/σ³ (the Gaussian theta terms, r = y − mu).</summary>
    public double GaussianThetaTerms(int count, double sumSquares, Span<double> gradientTheta)
    {
        gradientTheta[0] = -count / Sigma + sumSquares * InverseVariance / Sigma;
        return -count * LogSigma;
    }
}

/// <summary>No family parameters.</summary>
internal readonly record struct NoParameters;

/// <summary>
/// gaussian(identity): log p = −log √(2π) − log σ − (y − eta)²/(2σ²). Running sum: Σ (y − eta)².
/// Also the lognormal kernel on log y (the −log y Jacobian is in the constants).
/// </summary>
internal readonly struct GaussianIdentityKernel : IObservationKernel<ScaleParameters>
{
    public static ScaleParameters Prepare(ReadOnlySpan<double> theta) => ScaleParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ScaleParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var r = y - eta;
        var r2 = r * r;
        var iv = new Vector<double>(p.InverseVariance);
        sum0 += r2;
        gradientEta = r * iv;
        return new Vector<double>(-0.5 * p.InverseVariance) * r2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ScaleParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double r = y - eta, r2 = r * r;
        sum0 += r2;
        gradientEta = r * p.InverseVariance;
        return -0.5 * p.InverseVariance * r2;
    }

    public static double ThetaTerms(in ScaleParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
        => p.GaussianThetaTerms(data.Count, sum0, gradientTheta);

    public static double ObservationThetaTerm(in ScaleParameters p, double y, double aux) => -p.LogSigma;

    public static double Mean(in ScaleParameters p, double eta, double aux) => eta;

    public static double Draw(in ScaleParameters p, double eta, double aux, RandomStream rng) => rng.NextNormal(eta, p.Sigma);
}

/// <summary>gaussian(log): mu = exp(eta); ∂/∂eta = (y − mu) mu / σ².</summary>
internal readonly struct GaussianLogKernel : IObservationKernel<ScaleParameters>
{
    public static ScaleParameters Prepare(ReadOnlySpan<double> theta) => ScaleParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ScaleParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var mu = Vector.Exp(eta);
        var r = y - mu;
        var r2 = r * r;
        sum0 += r2;
        gradientEta = r * mu * new Vector<double>(p.InverseVariance);
        return new Vector<double>(-0.5 * p.InverseVariance) * r2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ScaleParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double mu = Math.Exp(eta), r = y - mu, r2 = r * r;
        sum0 += r2;
        gradientEta = r * mu * p.InverseVariance;
        return -0.5 * p.InverseVariance * r2;
    }

    public static double ThetaTerms(in ScaleParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
        => p.GaussianThetaTerms(data.Count, sum0, gradientTheta);

    public static double ObservationThetaTerm(in ScaleParameters p, double y, double aux) => -p.LogSigma;

    public static double Mean(in ScaleParameters p, double eta, double aux) => Math.Exp(eta);

    public static double Draw(in ScaleParameters p, double eta, double aux, RandomStream rng) => rng.NextNormal(Math.Exp(eta), p.Sigma);
}

/// <summary>
/// lognormal(identity) on aux-free data y' = log y: the Gaussian identity kernel; only the mean
/// exp(mu + σ²/2) and the draws exp(N(mu, σ)) differ.
/// </summary>
internal readonly struct LognormalIdentityKernel : IObservationKernel<ScaleParameters>
{
    public static ScaleParameters Prepare(ReadOnlySpan<double> theta) => ScaleParameters.From(theta[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in ScaleParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
        => GaussianIdentityKernel.LogDensity(in p, eta, y, aux, out gradientEta, ref sum0, ref sum1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in ScaleParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
        => GaussianIdentityKernel.LogDensity(in p, eta, y, aux, out gradientEta, ref sum0, ref sum1);

    public static double ThetaTerms(in ScaleParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
        => p.GaussianThetaTerms(data.Count, sum0, gradientTheta);

    public static double ObservationThetaTerm(in ScaleParameters p, double y, double aux) => -p.LogSigma;

    public static double Mean(in ScaleParameters p, double eta, double aux) => Math.Exp(eta + 0.5 * p.Sigma * p.Sigma);

    public static double Draw(in ScaleParameters p, double eta, double aux, RandomStream rng) => Math.Exp(rng.NextNormal(eta, p.Sigma));
}

/// <summary>gaussian(identity) with known standard errors (brms <c>y | se(s)</c>): aux = 1/se², no parameters.</summary>
internal readonly struct KnownSeIdentityKernel : IObservationKernel<NoParameters>
{
    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var r = y - eta;
        gradientEta = r * aux;
        return new Vector<double>(-0.5) * r * r * aux;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double r = y - eta;
        gradientEta = r * aux;
        return -0.5 * r * r * aux;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => eta;

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => rng.NextNormal(eta, 1.0 / Math.Sqrt(aux));
}

/// <summary>gaussian(log) with known standard errors: mu = exp(eta), aux = 1/se².</summary>
internal readonly struct KnownSeLogKernel : IObservationKernel<NoParameters>
{
    public static NoParameters Prepare(ReadOnlySpan<double> theta) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in NoParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var mu = Vector.Exp(eta);
        var r = y - mu;
        gradientEta = r * mu * aux;
        return new Vector<double>(-0.5) * r * r * aux;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in NoParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double mu = Math.Exp(eta), r = y - mu;
        gradientEta = r * mu * aux;
        return -0.5 * r * r * aux;
    }

    public static double ThetaTerms(in NoParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta) => 0.0;

    public static double ObservationThetaTerm(in NoParameters p, double y, double aux) => 0.0;

    public static double Mean(in NoParameters p, double eta, double aux) => Math.Exp(eta);

    public static double Draw(in NoParameters p, double eta, double aux, RandomStream rng) => rng.NextNormal(Math.Exp(eta), 1.0 / Math.Sqrt(aux));
}
