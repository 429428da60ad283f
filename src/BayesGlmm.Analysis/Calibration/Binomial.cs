// Binomial probabilities for the calibration bands: pmf in log space, lower and upper tails summed directly, R's qbinom.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// The binomial distribution Bin(n, p) as the SBC band computations need it: the pmf computed in log
/// space by Loader's saddle-point form (Loader 2000, "Fast and accurate computation of binomial
/// probabilities"), and both tails summed term by term so that a tail of 1e-30 keeps its relative
/// accuracy (never 1 − CDF).
/// </summary>
public static class Binomial
{
    private const double LogTwoPi = 1.8378770664093454835606594728112;

    /// <summary>DBL_EPSILON = 2^-52, the spacing of doubles at 1 (not .NET's <see cref="double.Epsilon"/>).</summary>
    internal const double MachineEpsilon = 2.220446049250313e-16;

    // Stirling's error delta(m) = ln m! − (m + 1/2) ln m + m − ln(2 pi)/2 for m = 0..15 (delta(0) unused).
    private static readonly double[] SmallStirlingErrors = BuildStirlingTable();

    /// <summary>log P(X = x) for X ~ Bin(n, p); −∞ outside 0..n.</summary>
    public static double LogPmf(int x, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (x < 0 || x > n) return double.NegativeInfinity;
        double q = 1.0 - p;
        if (p == 0) return x == 0 ? 0.0 : double.NegativeInfinity;
        if (q == 0) return x == n ? 0.0 : double.NegativeInfinity;
        if (x == 0)
        {
            if (n == 0) return 0.0;
            return p < 0.1 ? -DevianceTerm(n, n * q) - n * p : n * Math.Log(q);
        }
        if (x == n)
        {
            return q < 0.1 ? -DevianceTerm(n, n * p) - n * q : n * Math.Log(p);
        }
        // Loader (2000), eq. (4): p(x) = exp(δ(n) − δ(x) − δ(n−x) − D(x, np) − D(n−x, nq)) / sqrt(2π x (n−x)/n).
        double lc = StirlingError(n) - StirlingError(x) - StirlingError(n - x)
                    - DevianceTerm(x, n * p) - DevianceTerm(n - x, n * q);
        double lf = LogTwoPi + Math.Log(x) + Math.Log((double)(n - x) / n);
        return lc - 0.5 * lf;
    }

    /// <summary>P(X = x) for X ~ Bin(n, p).</summary>
    public static double Pmf(int x, int n, double p) => Math.Exp(LogPmf(x, n, p));

    /// <summary>
    /// P(X ≤ x). Below the mode it is summed term by term from x downwards (the ratio recurrence from
    /// P(X = x)) until the terms no longer change the sum, so a tail of 1e-300 keeps its relative
    /// accuracy; at or above the mode, where the answer is at least about 1/2, it is 1 − P(X ≥ x + 1).
    /// </summary>
    public static double Cdf(int x, int n, double p)
    {
        if (x < 0) return 0.0;
        if (x >= n) return 1.0;
        double q = 1.0 - p;
        if (p == 0) return 1.0;
        if (q == 0) return 0.0;
        int mode = (int)Math.Min(n, Math.Floor((n + 1) * p));
        if (x >= mode) return 1.0 - UpperTail(x + 1, n, p);
        double odds = p / q;
        double term = Pmf(x, n, p), sum = term;
        for (int k = x; k > 0; k--)
        {
            term *= k / ((n - k + 1) * odds);
            double updated = sum + term;
            if (updated == sum || term == 0) break;
            sum = updated;
        }
        return Math.Min(sum, 1.0);
    }

    /// <summary>
    /// P(X ≥ x). Above the mode it is summed term by term from x upwards until the terms no longer
    /// change the sum (directly, never as 1 − CDF); at or below the mode, where the answer is at least
    /// about 1/2, it is 1 − P(X ≤ x − 1).
    /// </summary>
    public static double UpperTail(int x, int n, double p)
    {
        if (x <= 0) return 1.0;
        if (x > n) return 0.0;
        double q = 1.0 - p;
        if (p == 0) return 0.0;
        if (q == 0) return 1.0;
        int mode = (int)Math.Min(n, Math.Floor((n + 1) * p));
        if (x <= mode) return 1.0 - Cdf(x - 1, n, p);
        double odds = p / q;
        double term = Pmf(x, n, p), sum = term;
        for (int k = x; k < n; k++)
        {
            term *= (n - k) * odds / (k + 1);
            double updated = sum + term;
            if (updated == sum || term == 0) break;
            sum = updated;
        }
        return Math.Min(sum, 1.0);
    }

    /// <summary>
    /// R's <c>qbinom(prob, n, p)</c> (R 4.2.2): the smallest x with P(X ≤ x) ≥ prob·(1 − 64ε), the fuzz R
    /// applies for left continuity; 0 when p = 0 or prob = 0, n when p = 1, prob = 1 or prob + 1.01ε ≥ 1.
    /// </summary>
    public static int Quantile(double prob, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (double.IsNaN(prob) || double.IsNaN(p) || prob < 0 || prob > 1 || p < 0 || p > 1)
            throw new ArgumentOutOfRangeException(nameof(prob), "Probabilities must lie in [0, 1].");
        if (prob == 0) return 0;
        if (prob == 1) return n;
        if (p == 0 || n == 0) return 0;
        if (1.0 - p == 0) return n;
        if (prob + 1.01 * MachineEpsilon >= 1.0) return n;
        double target = prob * (1.0 - 64.0 * MachineEpsilon);
        double cumulative = Pmf(0, n, p);
        int y = 0;
        while (cumulative < target && y < n)
        {
            y++;
            cumulative += Pmf(y, n, p);
        }
        return y;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (length n + 1) with P(X = 0..n): the mode by
    /// <see cref="Pmf"/>, the rest by the ratio P(k+1)/P(k) = (n−k)p/((k+1)q) outward from it, so that
    /// each term costs one multiplication and the relative error stays below (distance from the mode)·2ε.
    /// </summary>
    public static void FillPmf(int n, double p, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (destination.Length != n + 1) throw new ArgumentException("The destination must hold n + 1 values.", nameof(destination));
        destination.Clear();
        double q = 1.0 - p;
        if (p == 0) { destination[0] = 1.0; return; }
        if (q == 0) { destination[n] = 1.0; return; }
        int mode = (int)Math.Min(n, Math.Floor((n + 1) * p));
        destination[mode] = Pmf(mode, n, p);
        double odds = p / q;
        for (int k = mode; k < n; k++) destination[k + 1] = destination[k] * ((n - k) * odds / (k + 1));
        for (int k = mode; k > 0; k--) destination[k - 1] = destination[k] * (k / ((n - k + 1) * odds));
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (length to − from + 1) with P(X = from..to): anchored at the
    /// point of the range nearest the mode (by <see cref="Pmf"/>) and extended by the ratio recurrence, as
    /// <see cref="FillPmf"/> does for the whole support.
    /// </summary>
    public static void FillPmfRange(int n, double p, int from, int to, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, n);
        if (destination.Length != to - from + 1) throw new ArgumentException("The destination must hold to − from + 1 values.", nameof(destination));
        double q = 1.0 - p;
        if (p == 0 || q == 0)
        {
            for (int k = from; k <= to; k++) destination[k - from] = Pmf(k, n, p);
            return;
        }
        int mode = (int)Math.Min(n, Math.Floor((n + 1) * p));
        int anchor = Math.Clamp(mode, from, to);
        destination[anchor - from] = Pmf(anchor, n, p);
        double odds = p / q;
        for (int k = anchor; k < to; k++) destination[k + 1 - from] = destination[k - from] * ((n - k) * odds / (k + 1));
        for (int k = anchor; k > from; k--) destination[k - 1 - from] = destination[k - from] * (k / ((n - k + 1) * odds));
    }

    /// <summary>
    /// D(x, np) = x ln(x/np) + np − x, the deviance term of Loader (2000), by its series in
    /// v = (x − np)/(x + np) when x is near np so that no digits cancel.
    /// </summary>
    private static double DevianceTerm(double x, double np)
    {
        if (Math.Abs(x - np) < 0.1 * (x + np))
        {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            double ej = 2.0 * x * v;
            double v2 = v * v;
            for (int j = 1; j < 1000; j++)
            {
                ej *= v2;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) return s1;
                s = s1;
            }
            return s;
        }
        return x * Math.Log(x / np) + np - x;
    }

    /// <summary>Stirling's error δ(m) for integer m ≥ 1: a table below 16, the Stirling series above.</summary>
    private static double StirlingError(int m)
    {
        if (m <= 15) return SmallStirlingErrors[m];
        return StirlingSeries(m);
    }

    // δ(m) ~ 1/(12m) − 1/(360m³) + 1/(1260m⁵) − 1/(1680m⁷) + 1/(1188m⁹) (Abramowitz & Stegun 6.1.41).
    private static double StirlingSeries(double m)
    {
        const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
        double mm = m * m;
        if (m > 500) return (s0 - s1 / mm) / m;
        if (m > 80) return (s0 - (s1 - s2 / mm) / mm) / m;
        if (m > 35) return (s0 - (s1 - (s2 - s3 / mm) / mm) / mm) / m;
        return (s0 - (s1 - (s2 - (s3 - s4 / mm) / mm) / mm) / mm) / m;
    }

    // δ(m) = δ(m+1) + (m + 1/2) ln(1 + 1/m) − 1, and with v = 1/(2m+1),
    // (m + 1/2) ln(1 + 1/m) − 1 = Σ_{j≥1} v^{2j}/(2j+1): all terms positive, nothing cancels.
    private static double[] BuildStirlingTable()
    {
        var table = new double[16];
        double next = StirlingSeries(16);
        for (int m = 15; m >= 1; m--)
        {
            double v = 1.0 / (2 * m + 1);
            double v2 = v * v, term = v2, increment = 0.0;
            for (int j = 1; j < 200; j++)
            {
                double updated = increment + term / (2 * j + 1);
                if (updated == increment) break;
                increment = updated;
                term *= v2;
            }
            next += increment;
            table[m] = next;
        }
        return table;
    }
}
