// Student-t kernel, identity link, with scale sigma and degrees of freedom nu.
using System.Numerics;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>σ, ν and the constants of one evaluation: C(ν) = lgamma((ν+1)/2) − lgamma(ν/2) − log(νπ)/2 and its derivative.</summary>
internal readonly record struct StudentParameters(double Sigma, double Nu, double InverseScale2, double HalfNuPlusOne, double LogNormaliser, double LogNormaliserDerivative)
{
    public static StudentParameters From(double sigma, double nu) => new(
        sigma, nu, 1.0 / (nu * sigma * sigma), 0.5 * (nu + 1.0),
        SpecialFunctions.GammaLn(0.5 * (nu + 1.0)) - SpecialFunctions.GammaLn(0.5 * nu) - 0.5 * Math.Log(nu * Math.PI) - Math.Log(sigma),
        0.5 * SpecialFunctions.DiGamma(0.5 * (nu + 1.0)) - 0.5 * SpecialFunctions.DiGamma(0.5 * nu) - 0.5 / nu);
}

/// <summary>
/// student(identity): with r = y − eta and t = r²/(ν σ²), log p = C(ν) − log σ − (ν+1)/2 · log1p(t);
/// ∂/∂eta = (ν+1) r / (ν σ² (1 + t)); running sums Σ t/(1+t) and Σ log1p(t) give
/// ∂/∂σ = −N/σ + (ν+1)/σ Σ t/(1+t) and ∂/∂ν = N C'(ν) − Σ log1p(t)/2 + (ν+1)/(2ν) Σ t/(1+t).
/// </summary>
internal readonly struct StudentIdentityKernel : IObservationKernel<StudentParameters>
{
    public static StudentParameters Prepare(ReadOnlySpan<double> theta) => StudentParameters.From(theta[0], theta[1]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> LogDensity(in StudentParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
    {
        var r = y - eta;
        var c = new Vector<double>(p.InverseScale2);
        var t = r * r * c;
        var onePlusT = Vector<double>.One + t;
        var log1p = VectorMath.Log1p(t);
        sum0 += t / onePlusT;
        sum1 += log1p;
        gradientEta = new Vector<double>(2.0 * p.HalfNuPlusOne) * c * r / onePlusT;
        return -new Vector<double>(p.HalfNuPlusOne) * log1p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogDensity(in StudentParameters p, double eta, double y, double aux, out double gradientEta, ref double sum0, ref double sum1)
    {
        double r = y - eta, c = p.InverseScale2, t = r * r * c, onePlusT = 1.0 + t;
        double log1p = Numerics.Special.LogExp.Log1p(t);
        sum0 += t / onePlusT;
        sum1 += log1p;
        gradientEta = 2.0 * p.HalfNuPlusOne * c * r / onePlusT;
        return -p.HalfNuPlusOne * log1p;
    }

    public static double ThetaTerms(in StudentParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta)
    {
        double n = data.Count;
        gradientTheta[0] = (-n + 2.0 * p.HalfNuPlusOne * sum0) / p.Sigma;
        gradientTheta[1] = n * p.LogNormaliserDerivative - 0.5 * sum1 + p.HalfNuPlusOne / p.Nu * sum0;
        return n * p.LogNormaliser;
    }

    public static double ObservationThetaTerm(in StudentParameters p, double y, double aux) => p.LogNormaliser;

    public static double Mean(in StudentParameters p, double eta, double aux) => p.Nu > 1 ? eta : double.NaN;

    /// <summary>y = eta + σ z / √(χ²_ν / ν) with χ²_ν = 2 G(ν/2).</summary>
    public static double Draw(in StudentParameters p, double eta, double aux, RandomStream rng)
        => eta + p.Sigma * rng.NextStandardNormal() / Math.Sqrt(2.0 * rng.NextGamma(0.5 * p.Nu) / p.Nu);
}
