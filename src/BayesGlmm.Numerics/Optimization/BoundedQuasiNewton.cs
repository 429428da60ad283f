// Minimisation of a smooth function with lower bounds on some variables: projected BFGS with an Armijo search along the projected path.
namespace BayesGlmm.Numerics.Optimization;

/// <summary>A function to minimise: writes ∇f(x) into <c>gradient</c> and returns f(x) (+∞ or NaN outside its domain).</summary>
public delegate double ObjectiveFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Settings of <see cref="BoundedQuasiNewton"/>.</summary>
/// <param name="GradientTolerance">Stop when every free component of the projected gradient is below this (times max(1, |f|)).</param>
/// <param name="ValueTolerance">Stop when an accepted step lowers f by less than this (times max(1, |f|)) twice in a row.</param>
/// <param name="MaximumIterations">The most iterations.</param>
public sealed record QuasiNewtonOptions(double GradientTolerance = 1e-9, double ValueTolerance = 1e-15, int MaximumIterations = 500);

/// <summary>The result of a minimisation.</summary>
/// <param name="Minimum">The point found.</param>
/// <param name="Value">f there.</param>
/// <param name="Iterations">Iterations taken.</param>
/// <param name="Evaluations">Function evaluations.</param>
/// <param name="Converged">Whether a stopping test was met (rather than the iteration limit or a failed search).</param>
/// <param name="AtBound">For each variable, whether it ended on its lower bound.</param>
public sealed record QuasiNewtonResult(double[] Minimum, double Value, int Iterations, int Evaluations, bool Converged, bool[] AtBound);

/// <summary>
/// Projected quasi-Newton minimisation under lower bounds x_i ≥ l_i (l_i = −∞ for a free variable), in the manner of
/// Bertsekas (1982, SIAM J. Control Optim. 20:221–246): variables on their bound with the gradient pushing outwards are
/// held there, the BFGS inverse Hessian (Nocedal &amp; Wright 2006, eq. 6.17) gives the direction in the others, and the
/// step is searched along the projection P(x + α d) with Armijo's condition. Enough for the handful of variance
/// parameters of a mixed model, where a variance on its bound of 0 is the singular fit lme4 reports.
/// </summary>
public static class BoundedQuasiNewton
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> (projected onto the bounds first).</summary>
    public static QuasiNewtonResult Minimize(ObjectiveFunction f, ReadOnlySpan<double> start, ReadOnlySpan<double> lowerBounds, QuasiNewtonOptions? options = null)
    {
        options ??= new QuasiNewtonOptions();
        int n = start.Length;
        var lower = lowerBounds.ToArray();
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.Max(start[i], lower[i]);
        var g = new double[n];
        var gNew = new double[n];
        var xNew = new double[n];
        var d = new double[n];
        int evaluations = 1;
        double value = f(x, g);
        if (!double.IsFinite(value)) throw new ArgumentException("The objective is not finite at the starting point.", nameof(start));
        var h = Identity(n, FirstStepScale(g));
        bool converged = false;
        int iteration = 0, smallSteps = 0;
        var held = new bool[n];
        for (; iteration < options.MaximumIterations; iteration++)
        {
            double scale = Math.Max(1, Math.Abs(value)), largest = 0;
            for (int i = 0; i < n; i++)
            {
                held[i] = x[i] <= lower[i] && g[i] > 0;
                if (!held[i]) largest = Math.Max(largest, Math.Abs(g[i]));
            }
            if (largest <= options.GradientTolerance * scale) { converged = true; break; }

            bool reset = false;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                double slope = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = 0;
                    if (!held[i])
                        for (int j = 0; j < n; j++)
                            if (!held[j]) v -= h[i, j] * g[j];
                    d[i] = v;
                    slope += v * g[i];
                }
                if (slope < 0) break;
                h = Identity(n, FirstStepScale(g)); // not a descent direction: start the curvature model again
                reset = true;
            }

            // Armijo search along the projected path.
            double alpha = 1, accepted = double.NaN;
            for (int trial = 0; trial < 60; trial++, alpha *= 0.5)
            {
                double decrease = 0;
                for (int i = 0; i < n; i++)
                {
                    xNew[i] = Math.Max(x[i] + alpha * d[i], lower[i]);
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                double trialValue = f(xNew, gNew);
                evaluations++;
                if (double.IsFinite(trialValue) && trialValue <= value + 1e-4 * decrease) { accepted = trialValue; break; }
            }
            if (double.IsNaN(accepted))
            {
                if (reset) { converged = true; break; } // no progress even along the gradient: a minimum to working precision
                h = Identity(n, FirstStepScale(g));
                continue;
            }

            // BFGS update of the inverse Hessian with s = Δx, y = Δg.
            double sy = 0, ss = 0, yy = 0;
            var s = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
                sy += s[i] * y[i];
                ss += s[i] * s[i];
                yy += y[i] * y[i];
            }
            if (sy > 1e-12 * Math.Sqrt(ss * yy))
            {
                if (iteration == 0 || reset)
                {
                    double gamma = sy / yy; // Nocedal & Wright eq. 6.20: scale the first approximation
                    h = Identity(n, gamma);
                }
                var hy = new double[n];
                double yhy = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++) hy[i] += h[i, j] * y[j];
                    yhy += y[i] * hy[i];
                }
                double rho = 1 / sy;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        h[i, j] += rho * ((1 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
            }
            double improvement = value - accepted;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            value = accepted;
            smallSteps = improvement <= options.ValueTolerance * Math.Max(1, Math.Abs(value)) ? smallSteps + 1 : 0;
            if (smallSteps >= 2) { converged = true; break; }
        }
        var atBound = new bool[n];
        for (int i = 0; i < n; i++) atBound[i] = x[i] <= lower[i];
        return new QuasiNewtonResult(x, value, iteration, evaluations, converged, atBound);
    }

    /// <summary>A steepest-descent scale that moves no coordinate by more than 1 until curvature has been measured.</summary>
    private static double FirstStepScale(ReadOnlySpan<double> gradient)
    {
        double largest = 0;
        foreach (double v in gradient) largest = Math.Max(largest, Math.Abs(v));
        return largest > 1 ? 1 / largest : 1;
    }

    private static double[,] Identity(int n, double scale = 1)
    {
        var h = new double[n, n];
        for (int i = 0; i < n; i++) h[i, i] = scale;
        return h;
    }
}
