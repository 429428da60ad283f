// The standard normal distribution's density and tails on the log scale, stable far into the tails.
using MathNet.Numerics;

namespace BayesGlmm.Numerics.Special;

/// <summary>
/// φ, Φ, log Φ, log Φc and the inverse Mills ratio φ/Φ of the standard normal, accurate in relative terms
/// into the far tails: Φ through erfc (MathNet), and below x = −30, where erfc underflows, Laplace's
/// continued fraction Φ(x) = φ(x) / (|x| + 1/(|x| + 2/(|x| + 3/(|x| + ...)))) (Abramowitz &amp; Stegun 26.2.14).
/// </summary>
public static class StandardNormal
{
    /// <summary>log(2π) / 2.</summary>
    public const double LogSqrtTwoPi = 0.91893853320467274178;

    private const double InvSqrtTwo = 0.70710678118654752440;
    private const double TailThreshold = -30.0;

    /// <summary>The density φ(x).</summary>
    public static double Pdf(double x) => Math.Exp(LogPdf(x));

    /// <summary>log φ(x) = −x²/2 − log √(2π).</summary>
    public static double LogPdf(double x) => -0.5 * x * x - LogSqrtTwoPi;

    /// <summary>Φ(x) = erfc(−x/√2) / 2.</summary>
    public static double Cdf(double x) => double.IsNaN(x) ? double.NaN : 0.5 * SpecialFunctions.Erfc(-x * InvSqrtTwo);

    /// <summary>log Φ(x): log1p(−Φ(−x)) for x &gt; 0, log of erfc down to −30, the continued fraction below.</summary>
    public static double LogCdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x > 0) return LogExp.Log1p(-0.5 * SpecialFunctions.Erfc(x * InvSqrtTwo));
        if (x >= TailThreshold) return Math.Log(0.5 * SpecialFunctions.Erfc(-x * InvSqrtTwo));
        if (double.IsNegativeInfinity(x)) return double.NegativeInfinity;
        return LogPdf(x) - Math.Log(TailFraction(-x));
    }

    /// <summary>log Φc(x) = log(1 − Φ(x)) = log Φ(−x).</summary>
    public static double LogCcdf(double x) => LogCdf(-x);

    /// <summary>
    /// The inverse Mills ratio φ(x)/Φ(x) = ∂ log Φ(x) / ∂x: exp(log φ − log Φ), and the continued fraction
    /// |x| + 1/(|x| + ...) directly in the lower tail, where it tends to −x.
    /// </summary>
    public static double InverseMillsRatio(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x >= TailThreshold) return Math.Exp(LogPdf(x) - LogCdf(x));
        if (double.IsNegativeInfinity(x)) return double.PositiveInfinity;
        return TailFraction(-x);
    }

    /// <summary>
    /// log Φ(x), log Φc(x) and the two inverse Mills ratios φ(x)/Φ(x) and φ(x)/Φc(x) from a single erfc of
    /// |x|/√2 (the smaller tail; the larger is one minus it), with the continued fraction beyond |x| = 30.
    /// What a probit likelihood needs for both outcomes of one observation.
    /// </summary>
    public static void LogTails(double x, out double logCdf, out double logCcdf, out double millsCdf, out double millsCcdf)
    {
        double a = Math.Abs(x);
        double logSmall, logLarge, millsSmall, millsLarge;
        if (double.IsNaN(x))
        {
            logCdf = logCcdf = millsCdf = millsCcdf = double.NaN;
            return;
        }
        if (a <= -TailThreshold)
        {
            double small = 0.5 * SpecialFunctions.Erfc(a * InvSqrtTwo);
            double density = Math.Exp(LogPdf(a));
            logSmall = Math.Log(small);
            logLarge = LogExp.Log1p(-small);
            millsSmall = density / small;
            millsLarge = density / (1.0 - small);
        }
        else if (double.IsInfinity(a))
        {
            logSmall = double.NegativeInfinity;
            logLarge = 0.0;
            millsSmall = double.PositiveInfinity;
            millsLarge = 0.0;
        }
        else
        {
            double fraction = TailFraction(a);
            double logDensity = LogPdf(a);
            logSmall = logDensity - Math.Log(fraction);
            logLarge = -Math.Exp(logSmall);
            millsSmall = fraction;
            millsLarge = Math.Exp(logDensity);
        }
        if (x < 0)
        {
            (logCdf, logCcdf, millsCdf, millsCcdf) = (logSmall, logLarge, millsSmall, millsLarge);
        }
        else
        {
            (logCdf, logCcdf, millsCdf, millsCcdf) = (logLarge, logSmall, millsLarge, millsSmall);
        }
    }

    // Laplace's continued fraction t + 1/(t + 2/(t + 3/(t + ...))) for t ≥ 30, evaluated bottom-up; 40 terms
    // are far beyond double precision at t = 30.
    private static double TailFraction(double t)
    {
        double f = t;
        for (int k = 40; k >= 1; k--) f = t + k / f;
        return f;
    }
}
