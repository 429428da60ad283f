// The Lanczos eigenpairs of largest magnitude against a full symmetric eigen-decomposition.
using BayesGlmm.Modeling.Smooths;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Tests.Smooths;

public sealed class SymmetricLanczosTests
{
    [Theory]
    [InlineData(5, 3)]
    [InlineData(40, 10)]
    [InlineData(120, 12)]
    [InlineData(12, 12)]
    public void LargestMagnitudePairsMatchAFullDecomposition(int n, int k)
    {
        // A thin plate E (indefinite, as the basis uses it) plus a random symmetric perturbation.
        var rng = new RandomStream((ulong)n, 5);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextUniform(-3, 3)).Order().ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double r = Math.Abs(x[i] - x[j]), v = r * r * r / 12 + 0.01 * rng.NextStandardNormal();
                a[j * n + i] = a[i * n + j] = v;
            }
        var (values, vectors) = SymmetricLanczos.LargestMagnitude(a, n, k);
        var full = Matrix<double>.Build.Dense(n, n, a).Evd(Symmetricity.Symmetric);
        var expected = full.EigenValues.Select(v => v.Real).OrderByDescending(Math.Abs).Take(k).OrderByDescending(v => v).ToArray();
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < k; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-9 * scale, $"eigenvalue {i}: {values[i]} vs {expected[i]}");
            // A v = λ v and |v| = 1.
            var v = vectors.Column(i);
            var av = Matrix<double>.Build.Dense(n, n, a) * v;
            Assert.True((av - values[i] * v).L2Norm() <= 1e-8 * scale, $"residual of pair {i}");
            Assert.Equal(1.0, v.L2Norm(), 12);
        }
    }
}
