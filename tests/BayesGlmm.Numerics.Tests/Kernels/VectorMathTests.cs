using System.Numerics;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Numerics.Tests.Kernels;

/// <summary>Every vector kernel against its scalar twin at every length 0..40, with NaN, ±∞ and ±0 among the inputs.</summary>
public sealed class VectorMathTests
{
    private static readonly double[] Specials =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-300, -1e-300, 709.8, -745.2, 1e-17, -0.6931471805599453];

    private static double[] Inputs(int length, ulong seed, double lower, double upper)
    {
        var rng = new RandomStream(seed, (ulong)length);
        var x = new double[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = rng.NextDouble() < 0.3 ? Specials[rng.Next(Specials.Length)] : rng.NextUniform(lower, upper);
        }
        return x;
    }

    private static void AssertTwins<TKernel>(double lower, double upper, double relative, double floor = 0) where TKernel : struct, IUnaryKernel
    {
        for (int length = 0; length <= 40; length++)
        {
            for (ulong seed = 1; seed <= 5; seed++)
            {
                var x = Inputs(length, seed, lower, upper);
                var vector = new double[length];
                var scalar = new double[length];
                VectorMath.Map<TKernel>(x, vector);
                VectorMath.MapScalar<TKernel>(x, scalar);
                for (int i = 0; i < length; i++)
                {
                    double e = scalar[i], a = vector[i];
                    string where = $"{typeof(TKernel).Name}({x[i]:R}) at {i} of {length}";
                    if (double.IsNaN(e)) Assert.True(double.IsNaN(a), $"{where}: expected NaN, got {a:R}");
                    else if (double.IsInfinity(e) || e == 0) Assert.True(e == a, $"{where}: expected {e:R}, got {a:R}");
                    else Assert.True(Math.Abs(e - a) <= relative * Math.Max(Math.Abs(e), floor), $"{where}: expected {e:R}, got {a:R}");
                }
            }
        }
    }

    [Fact] public void Exp() => AssertTwins<ExpKernel>(-50, 50, 1e-15);
    [Fact] public void Log() => AssertTwins<LogKernel>(0, 1e6, 1e-15);
    [Fact] public void Log1p() => AssertTwins<Log1pKernel>(-1, 50, 1e-14);
    [Fact] public void Expm1() => AssertTwins<Expm1Kernel>(-20, 20, 1e-14);
    [Fact] public void Log1pExp() => AssertTwins<Log1pExpKernel>(-50, 50, 1e-14);
    [Fact] public void Logistic() => AssertTwins<LogisticKernel>(-50, 50, 1e-15);
    [Fact] public void Log1mExp() => AssertTwins<Log1mExpKernel>(-50, 0, 1e-14);
    [Fact] public void LogGamma() => AssertTwins<LogGammaKernel>(0, 40, 1e-14, floor: 1);   // absolute near the zeros of log Γ at 1 and 2
    [Fact] public void Digamma() => AssertTwins<DigammaKernel>(0, 40, 1e-13, floor: 1);     // absolute near the zero of ψ at 1.46

    [Fact]
    public void TheMachineVectorIsWiderThanOneLane() => Assert.True(Vector<double>.Count >= 1);
}
