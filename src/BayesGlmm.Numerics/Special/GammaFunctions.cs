// log Γ and ψ (digamma) for positive arguments, by upward recurrence and the Stirling series: a formula that vectorises.
namespace BayesGlmm.Numerics.Special;

/// <summary>
/// log Γ(x) and ψ(x) for x &gt; 0: below 10 the recurrences log Γ(x) = log Γ(x + 10) − log Π_{i&lt;10}(x + i)
/// and ψ(x) = ψ(x + 10) − Σ_{i&lt;10} 1/(x + i) move the argument to z ≥ 10, where the Stirling series
/// (Abramowitz &amp; Stegun 6.1.40 and 6.3.18, through the B_14 term) is accurate to about 1e-16.
/// <see cref="Kernels.VectorMath.LogGammaDigamma"/> is the lane-wise twin. Non-positive arguments give NaN
/// (+∞ for log Γ(0)); MathNet.Numerics serves the general case.
/// </summary>
public static class GammaFunctions
{
    /// <summary>log √(2π).</summary>
    public const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>The argument at and above which no recurrence is applied.</summary>
    public const double AsymptoticFrom = 10.0;

    /// <summary>log Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x) => LogGammaDigamma(x, out _);

    /// <summary>ψ(x) = d log Γ(x)/dx for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        LogGammaDigamma(x, out double psi);
        return psi;
    }

    /// <summary>log Γ(x) and ψ(x) together, sharing the recurrence and log z.</summary>
    public static double LogGammaDigamma(double x, out double digamma)
    {
        if (!(x > 0))
        {
            digamma = double.NaN;
            return x == 0 ? double.PositiveInfinity : double.NaN;
        }
        if (double.IsPositiveInfinity(x))
        {
            digamma = double.PositiveInfinity;
            return double.PositiveInfinity;
        }
        double z = x, logProduct = 0, harmonic = 0;
        if (x < AsymptoticFrom)
        {
            double product = 1;
            for (int i = 0; i < 10; i++)
            {
                double t = x + i;
                product *= t;
                harmonic += 1.0 / t;
            }
            z = x + 10;
            logProduct = Math.Log(product);
        }
        double logZ = Math.Log(z);
        double w = 1.0 / z, w2 = w * w;
        digamma = logZ - 0.5 * w - DigammaSeries(w2) - harmonic;
        return (z - 0.5) * logZ - z + HalfLogTwoPi + w * LogGammaSeries(w2) - logProduct;
    }

    // 1/12 − w²/360 + w⁴/1260 − w⁶/1680 + w⁸/1188 − 691 w¹⁰/360360 + w¹²/156 (times w gives the Stirling correction).
    internal static double LogGammaSeries(double w2)
        => 1.0 / 12 - w2 * (1.0 / 360 - w2 * (1.0 / 1260 - w2 * (1.0 / 1680 - w2 * (1.0 / 1188 - w2 * (691.0 / 360360 - w2 / 156)))));

    // w²/12 − w⁴/120 + w⁶/252 − w⁸/240 + w¹⁰/132 − 691 w¹²/32760 + w¹⁴/12.
    internal static double DigammaSeries(double w2)
        => w2 * (1.0 / 12 - w2 * (1.0 / 120 - w2 * (1.0 / 252 - w2 * (1.0 / 240 - w2 * (1.0 / 132 - w2 * (691.0 / 32760 - w2 / 12))))));
}
