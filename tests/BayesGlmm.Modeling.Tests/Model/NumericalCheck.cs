// Finite differences, numerical Jacobian determinants and fixed-seed property runs for the model tests.
using BayesGlmm.Sampling;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Modeling.Tests.Model;

internal static class NumericalCheck
{
    /// <summary>The five-point central difference of f along coordinate i.</summary>
    public static double Derivative(Func<double[], double> f, double[] x, int i, double h = 1e-4)
    {
        double x0 = x[i];
        double step = h * Math.Max(1.0, Math.Abs(x0));
        double F(double v) { x[i] = v; double r = f(x); x[i] = x0; return r; }
        return (-F(x0 + 2 * step) + 8 * F(x0 + step) - 8 * F(x0 - step) + F(x0 - 2 * step)) / (12 * step);
    }

    /// <summary>Asserts that the analytic gradient of <paramref name="density"/> matches finite differences at <paramref name="x"/>.</summary>
    public static void AssertGradient(ILogDensity density, double[] x, double tolerance = 2e-6)
    {
        var gradient = new double[density.Dimension];
        double value = density.Evaluate(x, gradient);
        Assert.True(double.IsFinite(value), $"log density not finite: {value}");
        var scratch = new double[density.Dimension];
        double F(double[] p) => density.Evaluate(p, scratch);
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = Derivative(F, x, i);
            double err = Math.Abs(numeric - gradient[i]);
            Assert.True(err <= tolerance * (1 + Math.Abs(numeric)),
                $"coordinate {i}: analytic {gradient[i]:R}, numeric {numeric:R} (value {value})");
        }
    }

    /// <summary>log |det J| of f: R^d → R^d at x, by central differences and LU with partial pivoting.</summary>
    public static double LogAbsDetJacobian(Action<double[], double[]> f, double[] x, double h = 1e-6)
    {
        int d = x.Length;
        var jac = new double[d, d];
        var plus = new double[d];
        var minus = new double[d];
        for (int i = 0; i < d; i++)
        {
            double x0 = x[i], step = h * Math.Max(1.0, Math.Abs(x0));
            x[i] = x0 + step; f(x, plus);
            x[i] = x0 - step; f(x, minus);
            x[i] = x0;
            for (int r = 0; r < d; r++) jac[r, i] = (plus[r] - minus[r]) / (2 * step);
        }
        double logDet = 0;
        for (int c = 0; c < d; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < d; r++) if (Math.Abs(jac[r, c]) > Math.Abs(jac[pivot, c])) pivot = r;
            if (pivot != c) for (int k = 0; k < d; k++) (jac[c, k], jac[pivot, k]) = (jac[pivot, k], jac[c, k]);
            double p = jac[c, c];
            logDet += Math.Log(Math.Abs(p));
            for (int r = c + 1; r < d; r++)
            {
                double m = jac[r, c] / p;
                for (int k = c; k < d; k++) jac[r, k] -= m * jac[c, k];
            }
        }
        return logDet;
    }

    /// <summary>Runs <paramref name="property"/> on <paramref name="count"/> seeds drawn by FsCheck from a fixed replay seed.</summary>
    public static void ForSeeds(int count, Action<int> property, ulong replay = 20261123UL)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(count)
            .WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(new Replay(new Rnd(replay, 0x9E3779B97F4A7C15UL), Microsoft.FSharp.Core.FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => { property(seed); return true; }));
    }
}
