// Brent's one-dimensional minimiser (localmin, Brent 1973), step for step as R's optimize runs it.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Golden-section search with parabolic interpolation for a minimum of f on [a, b]: Brent (1973),
/// <em>Algorithms for Minimization without Derivatives</em>, ch. 5, procedure <c>localmin</c> (netlib
/// <c>fmin</c>). R's <c>optimize</c> runs this procedure with tol = ε^¼; the simultaneous SBC band's γ
/// (Säilynoja, Bürkner &amp; Vehtari 2022) is defined as its answer on a step function, so the order of
/// the evaluations and the ties (<c>fu &lt;= fx</c>) are reproduced exactly.
/// </summary>
public static class BrentMinimizer
{
    /// <summary>R's default tolerance for <c>optimize</c>: ε^¼ = 2^-13 ≈ 1.2207e-4.</summary>
    public static readonly double DefaultTolerance = Math.Pow(Binomial.MachineEpsilon, 0.25);

    /// <summary>
    /// Returns the abscissa Brent's procedure settles on for <paramref name="f"/> on
    /// [<paramref name="lower"/>, <paramref name="upper"/>] with absolute tolerance <paramref name="tolerance"/>.
    /// </summary>
    public static double Minimize(Func<double, double> f, double lower, double upper, double? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        double tol = tolerance ?? DefaultTolerance;
        // c = (3 − √5)/2, the squared inverse of the golden ratio.
        double c = (3.0 - Math.Sqrt(5.0)) * 0.5;
        double eps = Math.Sqrt(Binomial.MachineEpsilon);

        double a = lower, b = upper;
        double v = a + c * (b - a);
        double w = v, x = v;
        double d = 0.0, e = 0.0;
        double fx = f(x);
        double fv = fx, fw = fx;
        double tol3 = tol / 3.0;

        while (true)
        {
            double xm = (a + b) * 0.5;
            double tol1 = eps * Math.Abs(x) + tol3;
            double t2 = tol1 * 2.0;

            // Stop when the bracket [a, b] is within 2·tol1 of x.
            if (Math.Abs(x - xm) <= t2 - (b - a) * 0.5) break;

            double p = 0.0, q = 0.0, r = 0.0;
            if (Math.Abs(e) > tol1)
            {
                // Fit a parabola through (v, fv), (w, fw), (x, fx).
                r = (x - w) * (fx - fv);
                q = (x - v) * (fx - fw);
                p = (x - v) * q - (x - w) * r;
                q = (q - r) * 2.0;
                if (q > 0.0) p = -p; else q = -q;
                r = e;
                e = d;
            }

            double u;
            if (Math.Abs(p) >= Math.Abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x))
            {
                // Golden-section step into the larger part of the bracket.
                e = x < xm ? b - x : a - x;
                d = c * e;
            }
            else
            {
                // Parabolic-interpolation step, kept away from the ends of the bracket.
                d = p / q;
                u = x + d;
                if (u - a < t2 || b - u < t2)
                {
                    d = tol1;
                    if (x >= xm) d = -d;
                }
            }

            // Never evaluate closer than tol1 to x.
            if (Math.Abs(d) >= tol1) u = x + d;
            else if (d > 0.0) u = x + tol1;
            else u = x - tol1;

            double fu = f(u);

            if (fu <= fx)
            {
                if (u < x) b = x; else a = x;
                v = w; w = x; x = u;
                fv = fw; fw = fx; fx = fu;
            }
            else
            {
                if (u < x) a = u; else b = u;
                if (fu <= fw || w == x)
                {
                    v = w; fv = fw;
                    w = u; fw = fu;
                }
                else if (fu <= fv || v == x || v == w)
                {
                    v = u; fv = fu;
                }
            }
        }
        return x;
    }
}
