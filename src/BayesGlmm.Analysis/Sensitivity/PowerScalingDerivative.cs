// Analytic derivatives of the posterior mean and sd with respect to log2 of the power (Kallioinen et al. 2023, §3.1).
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// At α = 1, d E_α[x]/d log2 α = ln 2·Cov(x, ℓ) and the derivative of the sd follows from those of the
/// first two moments, with ℓ the log of the scaled component (priorsense's <c>powerscale_derivative</c>).
/// Moments are population moments (divisor S) over the unweighted draws.
/// </summary>
public static class PowerScalingDerivative
{
    /// <summary>ln 2·(E[xℓ] − E[x]E[ℓ]).</summary>
    public static double Mean(ReadOnlySpan<double> x, ReadOnlySpan<double> logComponent)
    {
        Check(x, logComponent);
        return Math.Log(2) * Covariance(x, logComponent, power: 1);
    }

    /// <summary>ln 2·(d₂ − 2·d₁·m₁)/(2·sqrt(m₂ − m₁²)), d_k = E[x^k ℓ] − E[x^k]E[ℓ], m_k = E[x^k].</summary>
    public static double Sd(ReadOnlySpan<double> x, ReadOnlySpan<double> logComponent)
    {
        Check(x, logComponent);
        double m1 = 0, m2 = 0;
        foreach (double v in x)
        {
            m1 += v;
            m2 += v * v;
        }
        m1 /= x.Length;
        m2 /= x.Length;
        double d1 = Covariance(x, logComponent, power: 1);
        double d2 = Covariance(x, logComponent, power: 2);
        return Math.Log(2) * (d2 - 2 * d1 * m1) / (2 * Math.Sqrt(m2 - m1 * m1));
    }

    private static double Covariance(ReadOnlySpan<double> x, ReadOnlySpan<double> l, int power)
    {
        double exl = 0, ex = 0, el = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xk = power == 1 ? x[i] : x[i] * x[i];
            exl += xk * l[i];
            ex += xk;
            el += l[i];
        }
        int s = x.Length;
        return exl / s - ex / s * (el / s);
    }

    private static void Check(ReadOnlySpan<double> x, ReadOnlySpan<double> l)
    {
        if (x.Length != l.Length) throw new ArgumentException("Draws and log component differ in length.");
    }
}
