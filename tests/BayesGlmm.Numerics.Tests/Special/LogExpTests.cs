using BayesGlmm.Numerics.Special;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics;

namespace BayesGlmm.Numerics.Tests.Special;

public sealed class LogExpTests
{
    private static void Close(double expected, double actual, double relative = 1e-14)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}"); return; }
        if (double.IsInfinity(expected)) { Assert.Equal(expected, actual); return; }
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), double.Epsilon),
            $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 9.9999999995e-11)]
    [InlineData(-0.5, -0.69314718055994530942)]
    [InlineData(1.0, 0.69314718055994530942)]
    [InlineData(1e300, 690.77552789821370521)]
    public void Log1pMatchesHighPrecisionValues(double x, double expected) => Close(expected, LogExp.Log1p(x));

    [Theory]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 1.00000000005e-10)]
    [InlineData(-1e-8, -9.9999999500000001667e-9)]
    [InlineData(2.0, 6.3890560989306502272)]
    [InlineData(-800.0, -1.0)]
    public void Expm1MatchesHighPrecisionValues(double x, double expected) => Close(expected, LogExp.Expm1(x));

    [Theory]
    [InlineData(-800.0, 0.0)]
    [InlineData(-40.0, 4.2483542552915889953e-18)]
    [InlineData(0.0, 0.69314718055994530942)]
    [InlineData(40.0, 40.0)]
    [InlineData(1e308, 1e308)]
    public void Log1pExpIsStableInBothTails(double x, double expected) => Close(expected, LogExp.Log1pExp(x));

    [Theory]
    [InlineData(-1e-20, -46.051701859880913680)]
    [InlineData(-0.5, -0.93275212956718857605)]
    [InlineData(-40.0, -4.2483542552915889953e-18)]
    public void Log1mExpIsStableNearZeroAndFarOut(double a, double expected) => Close(expected, LogExp.Log1mExp(a), 1e-13);

    [Fact]
    public void Log1mExpEdgeCases()
    {
        Assert.Equal(double.NegativeInfinity, LogExp.Log1mExp(0.0));
        Assert.True(double.IsNaN(LogExp.Log1mExp(1.0)));
        Assert.Equal(0.0, LogExp.Log1mExp(double.NegativeInfinity));
    }

    [Fact]
    public void AgreesWithMathNetOnModerateArguments()
    {
        Prop.ForAll(Gen.Choose(-20000, 20000).Select(k => k / 1000.0).ToArbitrary(), x =>
        {
            Close(SpecialFunctions.Logistic(x), LogExp.Logistic(x), 1e-13);
            Close(x > 30 ? x + SpecialFunctions.Log1p(Math.Exp(-x)) : SpecialFunctions.Log1p(Math.Exp(x)), LogExp.Log1pExp(x), 1e-13);
            if (Math.Abs(x) > 1e-3) Close(Math.Exp(x) - 1, LogExp.Expm1(x), 1e-12);
            if (x > -1) Close(Math.Log(1 + x), LogExp.Log1p(x), Math.Abs(x) > 1e-3 ? 1e-12 : 1e-9);
        }).QuickCheckThrowOnFailure();
    }
}
