using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Numerics.Tests.Kernels;

/// <summary>The inlined exp and log against <see cref="Math.Exp"/> and <see cref="Math.Log"/>, in units in the last place.</summary>
public sealed class VectorExpLogTests
{
    /// <summary>|actual − expected| in units in the last place of expected.</summary>
    private static double Ulps(double expected, double actual)
    {
        double magnitude = Math.Abs(expected);
        double ulp = Math.BitIncrement(magnitude) - magnitude;
        return Math.Abs(actual - expected) / ulp;
    }

    private static double MaxUlps(double[] x, Func<Vector256<double>, Vector256<double>> vector, Func<double, double> scalar, out double worst)
    {
        double max = 0;
        worst = double.NaN;
        for (int i = 0; i + 4 <= x.Length; i += 4)
        {
            var v = vector(Vector256.Create(x[i], x[i + 1], x[i + 2], x[i + 3]));
            for (int lane = 0; lane < 4; lane++)
            {
                double u = Ulps(scalar(x[i + lane]), v[lane]);
                if (!(u <= max)) { max = u; worst = x[i + lane]; }
            }
        }
        return max;
    }

    private static double[] Uniform(int count, double lower, double upper, ulong seed)
    {
        var rng = new RandomStream(seed, 3);
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rng.NextUniform(lower, upper);
        return x;
    }

    [Fact]
    public void ExpIsWithinTwoUlpsOverTheInlinedRange()
    {
        // The whole inlined range, the range the family kernels see most, and the neighbourhood of the reduction's boundaries.
        var x = Uniform(400_000, -VectorExpLog.InlinedExpLimit, VectorExpLog.InlinedExpLimit, 1)
            .Concat(Uniform(400_000, -20, 20, 2))
            .Concat(Enumerable.Range(-2000, 4000).Select(k => k * 0.5 * Math.Log(2) + (k % 7 - 3) * 1e-13))
            .Concat([0.0, -0.0, 1e-300, -1e-300, 1e-17, -1e-17, 708.0, -708.0, 0.5 * Math.Log(2), -0.5 * Math.Log(2)])
            .ToArray();
        double max = MaxUlps(x, VectorExpLog.Exp, Math.Exp, out double worst);
        Assert.True(max <= 2.0, $"exp: {max:F2} ulps at x = {worst:R}");
    }

    [Fact]
    public void ExpOutsideTheInlinedRangeMatchesTheRuntime()
    {
        double[] x = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 709.78, 709.8, 710, -708.5, -745.1, -745.2, -800, 1e6, -1e6];
        foreach (double value in x)
        {
            var v = VectorExpLog.Exp(Vector256.Create(value, 0.5, -1.0, 2.0));
            double expected = Math.Exp(value);
            string where = $"exp({value:R})";
            if (double.IsNaN(expected)) Assert.True(double.IsNaN(v[0]), where);
            else if (double.IsInfinity(expected) || expected == 0) Assert.Equal(expected, v[0]);
            else Assert.True(Math.Abs(v[0] - expected) <= 1e-15 * expected || Ulps(expected, v[0]) <= 2, $"{where}: {v[0]:R} against {expected:R}");
            Assert.True(Ulps(Math.Exp(0.5), v[1]) <= 2 && Ulps(Math.Exp(-1.0), v[2]) <= 2 && Ulps(Math.Exp(2.0), v[3]) <= 2, where + ", other lanes");
        }
    }

    [Fact]
    public void LogOneToTwoIsWithinOneUlp()
    {
        var x = Uniform(400_000, 1, 2, 4)
            .Concat(Enumerable.Range(0, 4000).Select(k => Math.BitIncrement(1.0) + k * 1e-12))
            .Concat(Enumerable.Range(-2000, 4000).Select(k => Math.Sqrt(2) + k * 1e-16))
            .Concat([1.0, 2.0, Math.BitDecrement(2.0), Math.BitIncrement(1.0), 1.0 + 1e-10, 1.5])
            .ToArray();
        while (x.Length % 4 != 0) x = [.. x, 1.25];
        double max = MaxUlps(x, VectorExpLog.LogOneToTwo, Math.Log, out double worst);
        Assert.True(max <= 1.0, $"log: {max:F2} ulps at u = {worst:R}");
        Assert.Equal(0.0, VectorExpLog.LogOneToTwo(Vector256<double>.One)[0]);
        Assert.True(double.IsNaN(VectorExpLog.LogOneToTwo(Vector256.Create(double.NaN))[0]));
    }
}
