// The sparse and dense Cholesky factors against a dense reference: log determinant, solves, draws' covariance, selected inverse.
using BayesGlmm.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Numerics.Tests.LinearAlgebra;

public sealed class CholeskyFactorTests
{
    /// <summary>A random symmetric positive definite matrix on a random pattern of about <paramref name="density"/>.</summary>
    internal static (SymmetricPattern Pattern, double[] Values, Matrix<double> Dense) RandomMatrix(int n, double density, int seed)
    {
        var rng = new System.Random(seed);
        var pairs = new List<(int, int)>();
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++)
                if (rng.NextDouble() < density) pairs.Add((i, j));
        var pattern = SymmetricPattern.FromEntries(n, pairs);
        var values = new double[pattern.EntryCount];
        var dense = Matrix<double>.Build.Dense(n, n);
        var rowSum = new double[n];
        for (int j = 0; j < n; j++)
            for (int e = pattern.ColumnStart[j] + 1; e < pattern.ColumnStart[j + 1]; e++)
            {
                int i = pattern.RowIndex[e];
                double v = rng.NextDouble() * 2 - 1;
                values[e] = v;
                dense[i, j] = dense[j, i] = v;
                rowSum[i] += Math.Abs(v);
                rowSum[j] += Math.Abs(v);
            }
        for (int j = 0; j < n; j++)
        {
            double d = rowSum[j] + 0.1 + rng.NextDouble();
            values[pattern.ColumnStart[j]] = d;
            dense[j, j] = d;
        }
        return (pattern, values, dense);
    }

    private static IEnumerable<ICholeskyFactor> Factors(SymmetricPattern pattern, int seed)
    {
        int n = pattern.Size;
        yield return new DenseCholesky(pattern);
        yield return new SparseCholesky(pattern, MinimumDegreeOrdering.Order(pattern));
        yield return new SparseCholesky(pattern, Enumerable.Range(0, n).ToArray());
        var shuffled = Enumerable.Range(0, n).ToArray();
        new System.Random(seed + 7).Shuffle(shuffled);
        yield return new SparseCholesky(pattern, shuffled);
    }

    public static TheoryData<int, double> Sizes => new()
    {
        { 1, 0.0 }, { 2, 1.0 }, { 5, 0.4 }, { 12, 0.2 }, { 30, 0.1 }, { 60, 0.05 }, { 80, 0.3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void LogDeterminantAndSolveMatchTheDenseReference(int n, double density)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var (pattern, values, dense) = RandomMatrix(n, density, 100 * n + seed);
            double logDet = dense.Cholesky().DeterminantLn;
            var b = Vector<double>.Build.Dense(n, i => Math.Sin(i + seed));
            var expected = dense.Solve(b);
            foreach (var factor in Factors(pattern, seed))
            {
                Assert.True(factor.TryFactor(values));
                Assert.Equal(logDet, factor.LogDeterminant, 1e-10 * (1 + Math.Abs(logDet)));
                var x = b.ToArray();
                factor.Solve(x);
                for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-10);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SelectedInverseIsTheInverseOnThePattern(int n, double density)
    {
        var (pattern, values, dense) = RandomMatrix(n, density, 31 * n);
        var inverse = dense.Inverse();
        foreach (var factor in Factors(pattern, n))
        {
            Assert.True(factor.TryFactor(values));
            var selected = new double[pattern.EntryCount];
            factor.SelectedInverse(selected);
            for (int j = 0; j < n; j++)
                for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++)
                    Assert.Equal(inverse[pattern.RowIndex[e], j], selected[e], 1e-10);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TransposedFactorSolveHasCovarianceTheInverse(int n, double density)
    {
        // Columns x_m = Pᵀ L⁻ᵀ e_m: Σ_m x_m x_mᵀ = A⁻¹, what makes the solve of a standard normal a draw with precision A.
        var (pattern, values, dense) = RandomMatrix(n, density, 17 * n + 1);
        var inverse = dense.Inverse();
        foreach (var factor in Factors(pattern, n))
        {
            Assert.True(factor.TryFactor(values));
            var sum = Matrix<double>.Build.Dense(n, n);
            var x = new double[n];
            for (int m = 0; m < n; m++)
            {
                Array.Clear(x);
                x[m] = 1;
                factor.SolveTransposedFactor(x);
                var v = Vector<double>.Build.DenseOfArray(x);
                sum += v.OuterProduct(v);
            }
            Assert.True((sum - inverse).FrobeniusNorm() < 1e-9 * (1 + inverse.FrobeniusNorm()));
        }
    }

    [Fact]
    public void NotPositiveDefiniteIsReportedAndTheFactorRecovers()
    {
        var (pattern, values, _) = RandomMatrix(60, 0.1, 5);
        foreach (var factor in Factors(pattern, 5))
        {
            var bad = (double[])values.Clone();
            bad[pattern.ColumnStart[40]] = -1;
            Assert.False(factor.TryFactor(bad));
            Assert.True(double.IsNaN(factor.LogDeterminant));
            Assert.True(factor.TryFactor(values));
            var again = new double[pattern.EntryCount];
            Assert.True(double.IsFinite(factor.LogDeterminant));
            factor.SelectedInverse(again);
            Assert.All(again, v => Assert.True(double.IsFinite(v)));
        }
    }

    [Fact]
    public void RefactoringAllocatesNothing()
    {
        var (pattern, values, _) = RandomMatrix(70, 0.1, 9);
        foreach (var factor in Factors(pattern, 9))
        {
            var x = new double[70];
            var inverse = new double[pattern.EntryCount];
            factor.TryFactor(values);
            factor.Solve(x);
            factor.SelectedInverse(inverse);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < 5; r++)
            {
                factor.TryFactor(values);
                factor.Solve(x);
                factor.SolveTransposedFactor(x);
                factor.SelectedInverse(inverse);
            }
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    [Fact]
    public void FactoryIsDenseForSmallAndSparseForLargePatterns()
    {
        Assert.IsType<DenseCholesky>(CholeskyFactor.Create(SymmetricPattern.Dense(CholeskyFactor.DenseLimit)));
        Assert.IsType<SparseCholesky>(CholeskyFactor.Create(SymmetricPattern.FromEntries(CholeskyFactor.DenseLimit + 1, [])));
    }
}
