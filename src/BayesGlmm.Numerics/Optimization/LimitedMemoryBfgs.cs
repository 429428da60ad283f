// Unconstrained minimisation for many variables: L-BFGS (two-loop recursion) with an Armijo backtracking search.
namespace BayesGlmm.Numerics.Optimization;

/// <summary>Settings of <see cref="LimitedMemoryBfgs"/>.</summary>
/// <param name="History">Correction pairs kept (Stan's <c>history_size</c>, default 5).</param>
/// <param name="GradientTolerance">Stop when every gradient component is below this in absolute value (Stan's <c>tol_grad</c>, 1e-8).</param>
/// <param name="RelativeValueTolerance">Stop when an accepted step lowers f by less than this times max(1, |f|) (Stan's <c>tol_rel_obj</c> × machine ε, 1e4 × 2.2e-16).</param>
/// <param name="MaximumIterations">The most iterations.</param>
public sealed record LimitedMemoryBfgsOptions(
    int History = 5, double GradientTolerance = 1e-8, double RelativeValueTolerance = 2.220446049250313e-12, int MaximumIterations = 200);

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright 2006, <i>Numerical Optimization</i>, 2nd ed., Algorithm 7.4 for the two-loop
/// recursion and Algorithm 7.5 for the iteration; the initial scaling γ = sᵀy / yᵀy of eq. 7.20), with an Armijo
/// backtracking search (c₁ = 1e-4) and a correction pair skipped when sᵀy is not positive. O(m·n) work and memory per
/// iteration, so it suits the hundreds or thousands of group-level effects that <see cref="BoundedQuasiNewton"/>'s dense
/// inverse Hessian does not.
/// </summary>
public static class LimitedMemoryBfgs
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/>; f must be finite there.</summary>
    /// <exception cref="ArgumentException">f is not finite at <paramref name="start"/>.</exception>
    public static QuasiNewtonResult Minimize(ObjectiveFunction f, ReadOnlySpan<double> start, LimitedMemoryBfgsOptions? options = null)
    {
        options ??= new LimitedMemoryBfgsOptions();
        int n = start.Length, m = Math.Max(1, options.History);
        var x = start.ToArray();
        var g = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var d = new double[n];
        var s = new double[m][];
        var y = new double[m][];
        for (int k = 0; k < m; k++) { s[k] = new double[n]; y[k] = new double[n]; }
        var rho = new double[m];
        var alpha = new double[m];
        int stored = 0, newest = -1, evaluations = 1, iteration = 0;
        double value = f(x, g);
        if (!double.IsFinite(value)) throw new ArgumentException("The objective is not finite at the starting point.", nameof(start));
        bool converged = false;
        for (; iteration < options.MaximumIterations; iteration++)
        {
            if (MaxAbs(g) <= options.GradientTolerance) { converged = true; break; }

            // d = −H g by the two-loop recursion (Algorithm 7.4), H₀ = γ I.
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int j = 0; j < stored; j++)
            {
                int k = (newest - j + m) % m;
                alpha[k] = rho[k] * Dot(s[k], d);
                Axpy(-alpha[k], y[k], d);
            }
            double gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : Math.Min(1, 1 / Math.Max(MaxAbs(g), 1e-300));
            for (int i = 0; i < n; i++) d[i] *= gamma;
            for (int j = stored - 1; j >= 0; j--)
            {
                int k = (newest - j + m) % m;
                double beta = rho[k] * Dot(y[k], d);
                Axpy(alpha[k] - beta, s[k], d);
            }
            double slope = Dot(g, d);
            bool fromMemory = stored > 0;
            if (!(slope < 0))
            {
                // Not a descent direction: forget the curvature pairs and step along the gradient.
                stored = 0;
                fromMemory = false;
                double scale = Math.Min(1, 1 / Math.Max(MaxAbs(g), 1e-300));
                for (int i = 0; i < n; i++) d[i] = -scale * g[i];
                slope = Dot(g, d);
            }

            double step = 1, accepted = double.NaN;
            for (int trial = 0; trial < 60; trial++, step *= 0.5)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
                double trialValue = f(xNew, gNew);
                evaluations++;
                if (double.IsFinite(trialValue) && trialValue <= value + 1e-4 * step * slope) { accepted = trialValue; break; }
            }
            if (double.IsNaN(accepted))
            {
                if (stored == 0) { converged = true; break; } // no decrease even along the gradient: a minimum to working precision
                stored = 0;
                continue;
            }

            int next = (newest + 1) % m;
            double sy = 0;
            for (int i = 0; i < n; i++)
            {
                s[next][i] = xNew[i] - x[i];
                y[next][i] = gNew[i] - g[i];
                sy += s[next][i] * y[next][i];
            }
            if (sy > 1e-12 * Math.Sqrt(Dot(s[next], s[next]) * Dot(y[next], y[next])))
            {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.Min(stored + 1, m);
            }
            else if (stored == m) stored = m - 1; // the slot written held the oldest pair
            double improvement = value - accepted;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            value = accepted;
            if (improvement == 0 && fromMemory)
            {
                // The step was below f's resolution, which the Armijo test passes by rounding: the curvature pairs
                // scaled it down (far out on an exponential, the pair's y is the far end's). Restart from the gradient.
                stored = 0;
                continue;
            }
            if (improvement <= options.RelativeValueTolerance * Math.Max(1, Math.Abs(value))) { converged = true; iteration++; break; }
        }
        return new QuasiNewtonResult(x, value, iteration, evaluations, converged, new bool[n]);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        return largest;
    }
}
