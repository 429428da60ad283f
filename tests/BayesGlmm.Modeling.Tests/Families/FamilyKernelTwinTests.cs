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
}
