// ψ1 (trigamma), ψ2 (tetragamma), ψ(x) − log x and the Stirling remainder of log Γ: what conjugate random effects need at any dispersion.
namespace BayesGlmm.Numerics.Special;

/// <summary>
/// Polygamma functions and the two differences that cancel for large arguments, for x &gt; 0.
/// Below 10 the recurrences ψ1(x) = ψ1(x + 1) + 1/x² and ψ2(x) = ψ2(x + 1) − 2/x³ move the argument up;
/// from 10 the asymptotic series (Abramowitz &amp; Stegun 6.4.12 and 6.4.13, Bernoulli numbers through B_14)
/// are accurate to about 1e-16 relative. The differences ψ(x) − log x and
/// R(x) = log Γ(x) − [(x − ½) log x − x + ½ log 2π] are computed from their series from 10 on, so they
/// keep full relative accuracy where ψ(x) and log x (or log Γ(x) and Stirling's formula) agree to many digits.
/// </summary>
public static class Polygamma
{
    /// <summary>ψ1(x) = d²/dx² log Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double Trigamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0.0;
        double shift = 0;
        while (x < GammaFunctions.AsymptoticFrom)
        {
            shift += 1.0 / (x * x);
            x += 1.0;
        }
        double w = 1.0 / x, w2 = w * w;
        // 1/z + 1/(2z²) + Σ B_2k / z^(2k+1): B2 = 1/6, B4 = −1/30, B6 = 1/42, B8 = −1/30, B10 = 5/66, B12 = −691/2730, B14 = 7/6.
        double series = w2 * (1.0 / 6 - w2 * (1.0 / 30 - w2 * (1.0 / 42 - w2 * (1.0 / 30 - w2 * (5.0 / 66 - w2 * (691.0 / 2730 - w2 * 7.0 / 6))))));
        return shift + w * (1.0 + 0.5 * w + series);
    }

    /// <summary>ψ2(x) = d³/dx³ log Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double Tetragamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0.0;
        double shift = 0;
        while (x < GammaFunctions.AsymptoticFrom)
        {
            shift -= 2.0 / (x * x * x);
            x += 1.0;
        }
        double w = 1.0 / x, w2 = w * w;
        // −1/z² − 1/z³ − Σ (2k + 1) B_2k / z^(2k+2).
        double series = w2 * (0.5 - w2 * (1.0 / 6 - w2 * (1.0 / 6 - w2 * (3.0 / 10 - w2 * (5.0 / 6 - w2 * (691.0 / 210 - w2 * 35.0 / 2))))));
        return shift - w2 * (1.0 + w + series);
    }

    /// <summary>ψ(x) − log x for x &gt; 0; about −1/(2x) for large x, without the cancellation of the difference.</summary>
    public static double DigammaMinusLog(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0.0;
        if (x < GammaFunctions.AsymptoticFrom) return GammaFunctions.Digamma(x) - Math.Log(x);
        double w = 1.0 / x;
        return -0.5 * w - GammaFunctions.DigammaSeries(w * w);
    }

    /// <summary>
    /// The Stirling remainder R(x) = log Γ(x) − (x − ½) log x + x − ½ log 2π for x &gt; 0; about 1/(12x) for large x.
    /// </summary>
    public static double LogGammaRemainder(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0.0;
        if (x < GammaFunctions.AsymptoticFrom) return GammaFunctions.LogGamma(x) - (x - 0.5) * Math.Log(x) + x - GammaFunctions.HalfLogTwoPi;
        double w = 1.0 / x;
        return w * GammaFunctions.LogGammaSeries(w * w);
    }

    /// <summary>
    /// log Γ(a + k) − log Γ(a) − k log a for a &gt; 0, k ≥ 0: the log of the rising factorial over a^k, accurate
    /// for large a (then about k(k − 1)/(2a)) through (a + k − ½) log1p(k/a) − k + R(a + k) − R(a).
    /// </summary>
    public static double LogRisingOverPower(double a, double k)
    {
        if (k == 0) return 0.0;
        if (a < GammaFunctions.AsymptoticFrom)
            return GammaFunctions.LogGamma(a + k) - GammaFunctions.LogGamma(a) - k * Math.Log(a);
        return (a + k - 0.5) * LogExp.Log1p(k / a) - k + LogGammaRemainder(a + k) - LogGammaRemainder(a);
    }

    /// <summary>ψ(a + k) − ψ(a) for a &gt; 0, k ≥ 0, as log1p(k/a) + (ψ − log)(a + k) − (ψ − log)(a) (no cancellation for large a).</summary>
    public static double DigammaDifference(double a, double k)
    {
        if (k == 0) return 0.0;
        return LogExp.Log1p(k / a) + DigammaMinusLog(a + k) - DigammaMinusLog(a);
    }
}
