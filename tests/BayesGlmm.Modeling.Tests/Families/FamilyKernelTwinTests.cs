using System.Numerics;
using System.Runtime.Intrinsics;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>
/// Every family × link's vector pass against its scalar twin at every length 0..40 (vector body and scalar
/// tail both exercised), with NaN, ±∞ and ±0 among the linear predictors.
/// </summary>
public sealed class FamilyKernelTwinTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0];

    private static bool Same(double expected, double actual, double scale)
    {
        if (double.IsNaN(expected)) return double.IsNaN(actual);
        if (double.IsInfinity(expected)) return expected == actual;
        return Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, scale);
    }

    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void VectorPassEqualsScalarTwin(string spec)
    {
        var c = FamilyCase.Named(spec);
        for (int length = 0; length <= 40; length++)
        {
            for (int variant = 0; variant < 3; variant++)
            {
                var rng = new RandomStream((ulong)length, (ulong)variant, 13);
                var likelihood = c.CreateFamily().Bind(c.Data(rng, length));
                var twin = Assert.IsAssignableFrom<IScalarTwin>(likelihood);
                var eta = c.Eta(rng, length);
                // variant 0: ordinary values; 1: one special value; 2: several.
                int specials = variant == 0 ? 0 : variant == 1 ? Math.Min(1, length) : length / 3;
                for (int k = 0; k < specials; k++) eta[rng.Next(length)] = Specials[rng.Next(Specials.Length)];
                var theta = c.Theta(rng);
                var gVector = new double[length];
                var gScalar = new double[length];
                var tVector = new double[theta.Length];
                var tScalar = new double[theta.Length];
                double vector = likelihood.Evaluate(eta, theta, gVector, tVector);
                double scalar = twin.EvaluateScalar(eta, theta, gScalar, tScalar);
                double scale = Math.Abs(scalar) + length;
                Assert.True(Same(scalar, vector, scale), $"{spec} length {length} variant {variant}: value {vector:R} vs scalar {scalar:R}");
                for (int i = 0; i < length; i++)
                    Assert.True(Same(gScalar[i], gVector[i], Math.Abs(gScalar[i])), $"{spec} length {length} variant {variant} eta[{i}] = {eta[i]:R}: gradient {gVector[i]:R} vs scalar {gScalar[i]:R}");
                for (int k = 0; k < theta.Length; k++)
                    Assert.True(Same(tScalar[k], tVector[k], Math.Abs(tScalar[k]) + length), $"{spec} length {length} variant {variant}: d/dtheta[{k}] {tVector[k]:R} vs scalar {tScalar[k]:R}");
            }
        }
    }

    /// <summary>
    /// The kernels with a 512-bit loop (bernoulli/binomial logit, Poisson) take it where AVX-512 is accelerated and their
    /// <see cref="Vector{T}"/> loop elsewhere, so <see cref="VectorPassEqualsScalarTwin"/> sees only one of the two on a
    /// given machine (<c>.ci/run</c> runs it again with AVX-512 off). Here both forms are called directly, eight lanes
    /// at a time, against the scalar twin: <see cref="Vector512{T}"/> runs in software where the hardware lacks it.
    /// </summary>
    [Fact]
    public void WideAndMachineWidthFormsEqualTheScalarTwin()
    {
        CheckWideForm<BinomialLogitKernel>("binomial(logit)", (rng, i) => { double n = 1 + rng.Next(20); return (rng.Next((int)n + 1), n); });
        CheckWideForm<BinomialLogitKernel>("bernoulli(logit)", (rng, i) => (rng.Next(2), 1));
        CheckWideForm<PoissonLogKernel>("poisson(log)", (rng, i) => (rng.Next(30), 1));
    }

    private static void CheckWideForm<TKernel>(string name, Func<RandomStream, int, (double Y, double Aux)> data)
        where TKernel : struct, IObservationKernel<NoParameters>
    {
        Assert.True(TKernel.HasWideForm, $"{name} has no 512-bit form");
        int lanes = Vector512<double>.Count, width = Vector<double>.Count;
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var rng = new RandomStream(seed, 17);
            var eta = new double[lanes];
            var y = new double[lanes];
            var aux = new double[lanes];
            for (int i = 0; i < lanes; i++)
            {
                eta[i] = rng.NextDouble() < 0.15 ? Specials[rng.Next(Specials.Length)] : rng.NextUniform(-40, 40);
                (y[i], aux[i]) = data(rng, i);
            }
            var p = default(NoParameters);
            var w0 = Vector512<double>.Zero;
            var w1 = Vector512<double>.Zero;
            var wide = TKernel.LogDensity(in p, Vector512.Create(eta), Vector512.Create(y), Vector512.Create(aux), out var wideGradient, ref w0, ref w1);
            for (int start = 0; start < lanes; start += width)
            {
                var n0 = Vector<double>.Zero;
                var n1 = Vector<double>.Zero;
                var narrow = TKernel.LogDensity(in p, new Vector<double>(eta, start), new Vector<double>(y, start), new Vector<double>(aux, start),
                    out var narrowGradient, ref n0, ref n1);
                for (int lane = 0; lane < width; lane++)
                {
                    int i = start + lane;
                    double s0 = 0, s1 = 0;
                    double scalar = TKernel.LogDensity(in p, eta[i], y[i], aux[i], out double scalarGradient, ref s0, ref s1);
                    string where = $"{name} at eta {eta[i]:R}, y {y[i]}, aux {aux[i]}";
                    Assert.True(Same(scalar, wide[i], Math.Abs(scalar)), $"{where}: 512-bit value {wide[i]:R} vs scalar {scalar:R}");
                    Assert.True(Same(scalar, narrow[lane], Math.Abs(scalar)), $"{where}: Vector<T> value {narrow[lane]:R} vs scalar {scalar:R}");
                    Assert.True(Same(scalarGradient, wideGradient[i], Math.Abs(scalarGradient)), $"{where}: 512-bit gradient {wideGradient[i]:R} vs scalar {scalarGradient:R}");
                    Assert.True(Same(scalarGradient, narrowGradient[lane], Math.Abs(scalarGradient)), $"{where}: Vector<T> gradient {narrowGradient[lane]:R} vs scalar {scalarGradient:R}");
                }
            }
        }
    }
}
