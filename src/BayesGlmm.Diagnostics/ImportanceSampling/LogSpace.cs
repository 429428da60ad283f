// Accurate log1p, expm1 and log-sum-exp for importance weights held on the log scale.
namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>Elementary functions on the log scale, accurate near their cancellation points.</summary>
public static class LogSpace
{
    /// <summary>log(1 + x), accurate for small |x| (Goldberg 1991, Theorem 4: log(u)·x/(u − 1), u = 1 ⊕ x).</summary>
    public static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsInfinity(u) || u <= 0) return Math.Log(u);
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1, accurate for small |x| (Kahan: (u − 1)·x/log u, u = exp x).</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log Σ exp(v_i), shifted by the maximum; −∞ for an empty span or when every v_i is −∞.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) return double.NaN;
            if (v > max) max = v;
        }
        if (double.IsNegativeInfinity(max)) return max;
        if (double.IsPositiveInfinity(max)) return max;
        double sum = 0;
        foreach (double v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>log Σ exp(a_i + b_i) over two spans of equal length, shifted by the maximum.</summary>
    public static double LogSumExp(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("The spans differ in length.", nameof(b));
        double max = double.NegativeInfinity;
        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i] + b[i];
            if (double.IsNaN(v)) return double.NaN;
            if (v > max) max = v;
        }
        if (double.IsInfinity(max)) return max;
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Math.Exp(a[i] + b[i] - max);
        return max + Math.Log(sum);
    }
}
