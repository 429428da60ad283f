using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Numerics.Tests.Kernels;

/// <summary>
/// The row-blocked X b and Xᵀ g against their scalar twins: every block length 0..40, every column count 0..19 (the
/// 8-, 4- and 1-column sweeps and their mixes), blocks starting inside the design, columns listed out of order and
/// repeated, with NaN, ±∞ and ±0 among the elements.
/// </summary>
public sealed class RowBlockedProductTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-300, -1e300];

    private static double[] Values(int count, ulong seed, double specials)
    {
        var rng = new RandomStream(seed, (ulong)count);
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rng.NextDouble() < specials ? Specials[rng.Next(Specials.Length)] : rng.NextUniform(-3, 3);
        return x;
    }

    /// <summary>Agreement to rounding: the same set of terms summed in another order.</summary>
    private static void AssertClose(double expected, double actual, double scale, string where)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{where}: expected NaN, got {actual:R}");
        else if (double.IsInfinity(expected)) Assert.True(expected == actual, $"{where}: expected {expected:R}, got {actual:R}");
        else Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(scale, 1e-300), $"{where}: expected {expected:R}, got {actual:R}");
    }

    public static TheoryData<double> SpecialShares => new() { 0.0, 0.05 };

    [Theory]
    [MemberData(nameof(SpecialShares))]
    public void MatchTheScalarTwinsForEveryLengthAndColumnCount(double specials)
    {
        const int rows = 53, designColumns = 21;
        var design = Values(rows * designColumns, 3, specials);
        var b = Values(designColumns, 4, specials);
        for (int count = 0; count <= 19; count++)
        {
            // Out of order, with a repeat when there are enough columns, as a caller may list them.
            var columns = Enumerable.Range(0, count).Select(k => (k * 7 + 2) % designColumns).ToArray();
            if (count >= 6) columns[5] = columns[1];
            for (int length = 0; length <= 40; length++)
            {
                int start = (length * 5 + count) % (rows - length + 1);
                var eta = Values(length, 5 + (ulong)length, specials);
                var expected = (double[])eta.Clone();
                var scale = eta.Select(Math.Abs).ToArray();
                foreach (int c in columns)
                    for (int i = 0; i < length; i++)
                    {
                        double term = design[c * rows + start + i] * b[c];
                        expected[i] += term;
                        scale[i] += Math.Abs(term);
                    }
                RowBlockedProduct.MultiplyAdd(design, rows, columns, b, start, eta);
                for (int i = 0; i < length; i++) AssertClose(expected[i], eta[i], scale[i], $"X b, {count} columns, row {i} of {length}");

                var g = Values(length, 6 + (ulong)length, specials);
                var gradient = Values(designColumns, 7, specials);
                var expectedGradient = (double[])gradient.Clone();
                var gradientScale = gradient.Select(Math.Abs).ToArray();
                foreach (int c in columns)
                    for (int i = 0; i < length; i++)
                    {
                        double term = design[c * rows + start + i] * g[i];
                        expectedGradient[c] += term;
                        gradientScale[c] += Math.Abs(term);
                    }
                double sum = RowBlockedProduct.TransposeMultiplyAdd(design, rows, columns, start, g, gradient);
                for (int c = 0; c < designColumns; c++) AssertClose(expectedGradient[c], gradient[c], gradientScale[c], $"Xᵀ g, {count} columns, column {c}, length {length}");
                AssertClose(g.Sum(), sum, g.Sum(Math.Abs), $"Σ g returned with Xᵀ g, {count} columns, length {length}");
            }
        }
    }

    [Fact]
    public void RefusesBlocksAndColumnsOutsideTheDesign()
    {
        var design = new double[10 * 3];
        var eta = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => RowBlockedProduct.MultiplyAdd(design, 10, [0, 3], new double[4], 0, eta));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowBlockedProduct.MultiplyAdd(design, 10, [0], new double[3], 7, eta));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowBlockedProduct.TransposeMultiplyAdd(design, 10, [1], -1, eta, new double[3]));
    }
}
