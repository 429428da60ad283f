// The lane-wise operators over VectorMath and LogExp: exp, log, log1p, expm1, log1p_exp, logistic, log1m_exp.
using System.Numerics;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>exp.</summary>
public readonly struct ExpKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Exp(x);
    public static double Invoke(double x) => Math.Exp(x);
}

/// <summary>log.</summary>
public readonly struct LogKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Log(x);
    public static double Invoke(double x) => Math.Log(x);
}

/// <summary>log(1 + x).</summary>
public readonly struct Log1pKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Log1p(x);
    public static double Invoke(double x) => LogExp.Log1p(x);
}

/// <summary>exp(x) − 1.</summary>
public readonly struct Expm1Kernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Expm1(x);
    public static double Invoke(double x) => LogExp.Expm1(x);
}

/// <summary>log(1 + exp(x)).</summary>
public readonly struct Log1pExpKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Log1pExp(x);
    public static double Invoke(double x) => LogExp.Log1pExp(x);
}

/// <summary>1 / (1 + exp(−x)).</summary>
public readonly struct LogisticKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Logistic(x);
    public static double Invoke(double x) => LogExp.Logistic(x);
}

/// <summary>log(1 − exp(a)), a ≤ 0.</summary>
public readonly struct Log1mExpKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.Log1mExp(x);
    public static double Invoke(double x) => LogExp.Log1mExp(x);
}

/// <summary>log Γ(x), x &gt; 0.</summary>
public readonly struct LogGammaKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x) => VectorMath.LogGammaDigamma(x, out _);
    public static double Invoke(double x) => GammaFunctions.LogGamma(x);
}

/// <summary>ψ(x), x &gt; 0.</summary>
public readonly struct DigammaKernel : IUnaryKernel
{
    public static Vector<double> Invoke(Vector<double> x)
    {
        VectorMath.LogGammaDigamma(x, out var psi);
        return psi;
    }

    public static double Invoke(double x) => GammaFunctions.Digamma(x);
}
