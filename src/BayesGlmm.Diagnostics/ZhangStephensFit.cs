// Generalised Pareto fit by Zhang & Stephens (2009) with the weakly informative prior on k, in posterior ≥ 1.6's variant.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Fits a generalised Pareto distribution (location 0) to exceedances by the empirical-Bayes grid of
/// Zhang &amp; Stephens (2009, §3): on sorted x of length n, m = 30 + ⌊√n⌋ grid points
/// θ_j = 1/x_(n) + (1 − sqrt(m/(j − ½)))/(3·x*), x* = x_(⌊n/4 + ½⌋); the profile log-likelihood
/// ℓ(θ) = n(log(−θ/k(θ)) − k(θ) − 1) with k(θ) = mean log(1 − θx); θ̂ the posterior mean of θ under
/// softmax(ℓ) weights; k̂ = mean log(1 − θ̂x), σ̂ = −k̂/θ̂; then the weakly informative prior of
/// Vehtari et al. (2024, §3.2) shrinks k̂ toward ½: (n·k̂ + 10·½)/(n + 10).
/// posterior ≥ 1.6 returns no fit (NaN) when x* ≤ x_(1); a NaN k̂ becomes +∞.
/// </summary>
internal static class ZhangStephensFit
{
    private const int PriorSize = 10;
    private const double PriorK = 0.5;

    /// <summary>(k̂, σ̂) for ascending, finite, non-negative <paramref name="sorted"/>; (NaN, NaN) when no fit is possible.</summary>
    public static (double K, double Sigma) Fit(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        if (n == 0) return (double.NaN, double.NaN);
        int m = 30 + (int)Math.Floor(Math.Sqrt(n));
        double xStar = sorted[(int)Math.Floor(n / 4.0 + 0.5) - 1];
        if (!(xStar > sorted[0])) return (double.NaN, double.NaN);

        using var thetaBuffer = new PooledBuffer(m);
        using var logLikBuffer = new PooledBuffer(m);
        Span<double> theta = thetaBuffer.Span, logLik = logLikBuffer.Span;
        double maxLogLik = double.NegativeInfinity;
        for (int j = 0; j < m; j++)
        {
            theta[j] = 1.0 / sorted[n - 1] + (1.0 - Math.Sqrt(m / (j + 0.5))) / 3.0 / xStar;
            double k = MeanLog1m(sorted, theta[j]);
            logLik[j] = n * (Math.Log(-theta[j] / k) - k - 1.0);
            if (logLik[j] > maxLogLik) maxLogLik = logLik[j];
        }
        // Softmax weights, as exp(ℓ − logSumExp(ℓ)).
        double sumExp = 0;
        for (int j = 0; j < m; j++) sumExp += Math.Exp(logLik[j] - maxLogLik);
        double logNormaliser = maxLogLik + Math.Log(sumExp);
        double thetaHat = 0;
        for (int j = 0; j < m; j++) thetaHat += theta[j] * Math.Exp(logLik[j] - logNormaliser);

        double kHat = MeanLog1m(sorted, thetaHat);
        double sigmaHat = -kHat / thetaHat;
        kHat = (kHat * n + PriorK * PriorSize) / (n + PriorSize);
        if (double.IsNaN(kHat)) return (double.PositiveInfinity, double.NaN);
        return (kHat, sigmaHat);
    }

    /// <summary>The GPD quantile σ·expm1(−k·log1p(−p))/k (σ·(−log1p(−p)) at k = 0), location 0.</summary>
    public static double Quantile(double p, double k, double sigma) =>
        k == 0 ? -sigma * LogOnePlus(-p) : sigma * ExpMinusOne(-k * LogOnePlus(-p)) / k;

    private static double MeanLog1m(ReadOnlySpan<double> x, double theta)
    {
        double sum = 0;
        foreach (double v in x) sum += LogOnePlus(-theta * v);
        return sum / x.Length;
    }

    /// <summary>log(1 + x), accurate for small x.</summary>
    internal static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1, accurate for small x (Kahan's correction: (u − 1)·x/log u with u = e^x).</summary>
    internal static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsInfinity(u)) return um1;
        return um1 * x / Math.Log(u);
    }
}
