// Numerically stable scalar log/exp compositions: log1p, expm1, log1p_exp (softplus), log1m_exp, the logistic function.
namespace BayesGlmm.Numerics.Special;

/// <summary>
/// Scalar log/exp compositions that keep full relative accuracy where the naive formulas cancel or
/// overflow. Each has a <see cref="Kernels.VectorMath"/> twin computing the same formula lane by lane.
/// </summary>
public static class LogExp
{
    /// <summary>log(1 + x), accurate for small |x| (Goldberg 1991, "What every computer scientist should know about floating-point arithmetic", Theorem 4).</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        double d = u - 1.0;
        // u == 1: log1p(x) = x to working precision; u == inf: the ratio x / d is NaN, the answer is log(u).
        if (d == 0.0) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * (x / d);
    }

    /// <summary>exp(x) − 1, accurate for small |x| (Kahan's trick: (u − 1) x / log u with u = exp x).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(1 + exp(x)) (the softplus), without overflow: max(x, 0) + log1p(exp(−|x|)).</summary>
    public static double Log1pExp(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return Math.Max(x, 0.0) + Log1p(e);
    }

    /// <summary>The logistic function 1 / (1 + exp(−x)), computed from exp(−|x|) so that it never overflows.</summary>
    public static double Logistic(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double r = 1.0 / (1.0 + e);
        return x >= 0 ? r : e * r;
    }

    /// <summary>
    /// log(1 − exp(a)) for a ≤ 0 (Mächler 2012, "Accurately computing log(1 − exp(−|a|))", eq. 7):
    /// log(−expm1(a)) for a &gt; −log 2, else log1p(−exp(a)). NaN for a &gt; 0; −∞ at a = 0.
    /// </summary>
    public static double Log1mExp(double a)
    {
        if (a > 0) return double.NaN;
        return a > -0.6931471805599453 ? Math.Log(-Expm1(a)) : Log1p(-Math.Exp(a));
    }

    /// <summary>log(exp(a) + exp(b)) without overflow.</summary>
    public static double LogSumExp(double a, double b)
    {
        double m = Math.Max(a, b);
        if (double.IsNegativeInfinity(m)) return m;
        if (double.IsPositiveInfinity(m)) return m;
        return m + Log1p(Math.Exp(-Math.Abs(a - b)));
    }
}
