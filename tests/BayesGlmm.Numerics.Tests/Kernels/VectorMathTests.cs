using System.Numerics;
using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

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

    /// <summary>
    /// The eight-lane softplus-and-logistic that the bernoulli logit kernel runs where AVX-512 is accelerated, against the
    /// scalar <see cref="LogExp"/> forms and the <see cref="Vector{T}"/> form, lane by lane. <see cref="Vector512{T}"/>
    /// runs in software where the hardware lacks it, so this checks the 512-bit formula on every machine.
    /// </summary>
    [Fact]
    public void Log1pExpOverEightLanesMatchesTheScalarAndMachineWidthForms()
    {
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var x = Inputs(Vector512<double>.Count, seed, -50, 50);
            var wide = VectorMath.Log1pExp(Vector512.Create(x), out var wideLogistic);
            for (int lane = 0; lane < x.Length; lane++)
            {
                string where = $"Log1pExp512({x[lane]:R}) in lane {lane}";
                AssertClose(LogExp.Log1pExp(x[lane]), wide[lane], 1e-14, where);
                AssertClose(LogExp.Logistic(x[lane]), wideLogistic[lane], 1e-15, where + " (logistic)");
            }
            for (int start = 0; start + Vector<double>.Count <= x.Length; start += Vector<double>.Count)
            {
                var narrow = VectorMath.Log1pExp(new Vector<double>(x.AsSpan(start)), out var narrowLogistic);
                for (int lane = 0; lane < Vector<double>.Count; lane++)
                {
                    AssertClose(narrow[lane], wide[start + lane], 1e-15, $"Log1pExp at {x[start + lane]:R}: Vector<T> against Vector512");
                    AssertClose(narrowLogistic[lane], wideLogistic[start + lane], 1e-15, $"Logistic at {x[start + lane]:R}: Vector<T> against Vector512");
                }
            }
        }
    }

    private static void AssertClose(double expected, double actual, double relative, string where)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{where}: expected NaN, got {actual:R}");
        else if (double.IsInfinity(expected) || expected == 0) Assert.True(expected == actual, $"{where}: expected {expected:R}, got {actual:R}");
        else Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"{where}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>
    /// <c>.ci/run</c> runs the kernel tests a second time with AVX-512 off, so that the <see cref="Vector{T}"/> loops of the
    /// kernels that have a 512-bit loop run too. This checks that the switch does what the second run relies on: with it,
    /// 512-bit vectors are not accelerated (the kernels take their <see cref="Vector{T}"/> loop); without it, they are exactly
    /// where the processor has AVX-512F. The .NET 10 runtime reads <c>DOTNET_EnableAVX512</c>; the older per-subset name
    /// <c>DOTNET_EnableAVX512F</c> no longer has an effect there (on an AVX-512 machine this test fails when only it is set).
    /// </summary>
    [Fact]
    public void TheAvx512SwitchSelectsTheKernelLoop()
    {
        string[] switches = ["DOTNET_EnableAVX512", "DOTNET_EnableAVX512F"];
        var off = switches.Where(name => Environment.GetEnvironmentVariable(name) == "0").ToArray();
        if (off.Length > 0)
            Assert.False(Vector512.IsHardwareAccelerated, $"{string.Join(" and ", off.Select(n => n + "=0"))} set, yet 512-bit vectors are accelerated");
        else if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            Assert.True(Vector512.IsHardwareAccelerated, "the processor has AVX-512F, yet 512-bit vectors are not accelerated");
    }
}
