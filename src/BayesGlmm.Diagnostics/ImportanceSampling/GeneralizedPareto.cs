// The generalized Pareto distribution fitted to the upper tail of importance ratios (Zhang & Stephens 2009).
namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>
/// A generalized Pareto distribution with location 0, shape k and scale σ, as PSIS parameterises it:
/// k &gt; 0 is a heavy tail and k ≥ 1 means the mean does not exist.
/// </summary>
/// <param name="Shape">The shape k (k̂ after the weakly informative prior when fitted).</param>
/// <param name="Scale">The scale σ (computed from the unadjusted shape, as loo 2.5.1 does).</param>
public readonly record struct GeneralizedPareto(double Shape, double Scale)
{
    /// <summary>The number of prior pseudo-observations of the weakly informative prior on k.</summary>
    public const double PriorObservations = 10;

    /// <summary>The prior guess for k of the weakly informative prior.</summary>
    public const double PriorShape = 0.5;

    /// <summary>
    /// The quantile function F⁻¹(p) = σ·expm1(−k·log1p(−p))/k (no k = 0 branch; NaN when σ ≤ 0 or NaN),
    /// as loo 2.5.1's <c>qgpd</c>.
    /// </summary>
    public double Quantile(double p)
    {
        if (!(Scale > 0)) return double.NaN;
        return Scale * LogSpace.ExpMinusOne(-Shape * LogSpace.LogOnePlus(-p)) / Shape;
    }

    /// <summary>
    /// Fits the distribution to positive exceedances sorted in increasing order by the empirical Bayes
    /// estimate of Zhang &amp; Stephens (2009, Technometrics 51(3), §2–3): a grid of m = 30 + ⌊√n⌋ values
    /// θ_j = 1/x₍ₙ₎ + (1 − √(m/(j − ½)))/(3·x*), x* = x₍⌊n/4 + ½⌋₎ the first quartile (their eq. 10, prior
    /// constant 3); the profile log-likelihood ℓ(θ) = n(log(−θ/k(θ)) − k(θ) − 1) with
    /// k(θ) = −mean log(1 − θx) (their eq. 6 with the sign convention k̂ &gt; 0 heavy); the posterior-mean
    /// θ̂ = Σ w_j θ_j, w = softmax(ℓ); k̂ = −mean log(1 − θ̂x) flipped to PSIS's sign, σ̂ = −k̂/θ̂.
    /// Then, when <paramref name="weaklyInformativePrior"/>, k̂ ← (n·k̂ + 10·0.5)/(n + 10)
    /// (Vehtari et al. 2024, PSIS, §3.2 / Appendix C). σ̂ keeps the unadjusted k̂. There is no guard on
    /// x* = 0; a NaN shape becomes +∞ (loo 2.5.1 <c>gpdfit</c>).
    /// </summary>
    /// <param name="sortedExceedances">The exceedances over the cutoff, increasing.</param>
    /// <param name="weaklyInformativePrior">Shrink k̂ towards 0.5 with 10 pseudo-observations.</param>
    public static GeneralizedPareto Fit(ReadOnlySpan<double> sortedExceedances, bool weaklyInformativePrior = true)
    {
        var x = sortedExceedances;
        int n = x.Length;
        if (n == 0) return new GeneralizedPareto(double.PositiveInfinity, double.NaN);
        int m = 30 + (int)Math.Floor(Math.Sqrt(n));
        // R's x[floor(n/4 + 0.5)] (1-based); for n = 1 that index is 0, which R drops, leaving NaN.
        int quartileIndex = (int)Math.Floor(n / 4.0 + 0.5);
        double xStar = quartileIndex >= 1 ? x[quartileIndex - 1] : double.NaN;
        double xMax = x[n - 1];

        Span<double> theta = m <= 512 ? stackalloc double[m] : new double[m];
        Span<double> logLik = m <= 512 ? stackalloc double[m] : new double[m];
        double maxLogLik = double.NegativeInfinity;
        for (int j = 0; j < m; j++)
        {
            theta[j] = 1.0 / xMax + (1.0 - Math.Sqrt(m / (j + 1 - 0.5))) / 3.0 / xStar;
            // Profile log-likelihood with a = −θ: k = mean log1p(a·x), ℓ = n(log(a/k) − k − 1).
            double a = -theta[j];
            double k = MeanLogOnePlus(a, x);
            logLik[j] = n * (Math.Log(a / k) - k - 1.0);
            if (logLik[j] > maxLogLik) maxLogLik = logLik[j];
        }

        // θ̂ = Σ θ_j exp(ℓ_j − logSumExp ℓ).
        double sumExp = 0;
        for (int j = 0; j < m; j++) sumExp += Math.Exp(logLik[j] - maxLogLik);
        double logNormaliser = maxLogLik + Math.Log(sumExp);
        double thetaHat = 0;
        for (int j = 0; j < m; j++) thetaHat += theta[j] * Math.Exp(logLik[j] - logNormaliser);

        double shape = MeanLogOnePlus(-thetaHat, x);
        double scale = -shape / thetaHat;
        if (weaklyInformativePrior)
            shape = shape * n / (n + PriorObservations) + PriorObservations * PriorShape / (n + PriorObservations);
        if (double.IsNaN(shape)) shape = double.PositiveInfinity;
        return new GeneralizedPareto(shape, scale);
    }

    /// <summary>mean over i of log1p(a·x_i), summed with Neumaier compensation.</summary>
    private static double MeanLogOnePlus(double a, ReadOnlySpan<double> x)
    {
        double sum = 0, compensation = 0;
        foreach (double xi in x)
        {
            double term = LogSpace.LogOnePlus(a * xi);
            double t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        return (sum + compensation) / x.Length;
    }
}
