// The sparse and dense Cholesky factors against a dense reference: log determinant, solves, draws' covariance, selected inverse.
using BayesGlmm.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Numerics.Tests.LinearAlgebra;

public sealed class CholeskyFactorTests
{
    /// <summary>A random symmetric positive definite matrix on a random pattern of about <paramref name="density"/>.</summary>
    /// <remarks>With <paramref name="blockSize"/> &gt; 0 the rows fall into shuffled groups of that many and entries join rows of one group only.</remarks>
    internal static (SymmetricPattern Pattern, double[] Values, Matrix<double> Dense) RandomMatrix(int n, double density, int seed, int blockSize = 0)
    {
        var rng = new System.Random(seed);
        var group = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(group);
        var pairs = new List<(int, int)>();
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++)
                if ((blockSize == 0 || group[i] / blockSize == group[j] / blockSize) && rng.NextDouble() < density) pairs.Add((i, j));
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
        yield return BlockDiagonalCholesky.TryCreate(pattern, Math.Max(1, n))!;
    }

    public static TheoryData<int, int> BlockSizes => new() { { 1, 1 }, { 36, 2 }, { 40, 4 }, { 85, 1 }, { 90, 6 } };

    [Theory]
    [MemberData(nameof(BlockSizes))]
    public void IndependentBlocksMatchTheDenseReference(int n, int blockSize)
    {
        // Shuffled groups of rows with entries inside a group only (the K × K blocks of one grouping factor, a nested
        // factor's level with its sublevels): log determinant, solve, selected inverse and draws, block by block.
        var (pattern, values, dense) = RandomMatrix(n, 0.7, 13 * n + blockSize, blockSize);
        var factor = BlockDiagonalCholesky.TryCreate(pattern, blockSize);
        Assert.NotNull(factor);
        Assert.IsType<BlockDiagonalCholesky>(CholeskyFactor.Create(pattern));
        Assert.Null(blockSize > 1 ? BlockDiagonalCholesky.TryCreate(SymmetricPattern.Dense(blockSize + 1), blockSize) : null);
        Assert.True(factor.TryFactor(values));
        Assert.Equal(dense.Cholesky().DeterminantLn, factor.LogDeterminant, 1e-10 * (1 + Math.Abs(factor.LogDeterminant)));
        var b = Vector<double>.Build.Dense(n, i => Math.Cos(i));
        var expected = dense.Solve(b);
        var x = b.ToArray();
        factor.Solve(x);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-10);
        var inverse = dense.Inverse();
        var selected = new double[pattern.EntryCount];
        factor.SelectedInverse(selected);
        for (int j = 0; j < n; j++)
            for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++)
                Assert.Equal(inverse[pattern.RowIndex[e], j], selected[e], 1e-10);
        Assert.True((DrawCovariance(factor, n) - inverse).FrobeniusNorm() < 1e-9 * (1 + inverse.FrobeniusNorm()));
    }

    /// <summary>Σ_m x_m x_mᵀ over the columns x_m = Pᵀ L⁻ᵀ e_m: A⁻¹ when the transposed-factor solve draws with precision A.</summary>
    private static Matrix<double> DrawCovariance(ICholeskyFactor factor, int n)
    {
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
        return sum;
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
            Assert.True((DrawCovariance(factor, n) - inverse).FrobeniusNorm() < 1e-9 * (1 + inverse.FrobeniusNorm()));
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
    public void LogDeterminantSurvivesExtremePivots()
    {
        // The pivots' running product must neither overflow nor underflow: a diagonal of 1e±150 and 1e±250 entries.
        double[] diagonal = [.. Enumerable.Repeat(1e150, 9), 1e-250, 3.0, .. Enumerable.Repeat(1e-150, 7), 1e250, 0.5];
        int n = diagonal.Length;
        var pattern = SymmetricPattern.FromEntries(n, [(1, 0)]);
        var values = new double[pattern.EntryCount];
        for (int j = 0; j < n; j++) values[pattern.ColumnStart[j]] = diagonal[j];
        double expected = diagonal.Sum(Math.Log) + Math.Log(1 - 1e-200 / (diagonal[0] * diagonal[1])); // the (1, 0) entry
        values[pattern.ColumnStart[0] + 1] = 1e-100;
        foreach (var factor in Factors(pattern, 3))
        {
            Assert.True(factor.TryFactor(values));
            Assert.Equal(expected, factor.LogDeterminant, 1e-12 * Math.Abs(expected));
        }
    }

    [Fact]
    public void FactoryChoosesByStructure()
    {
        // Small independent blocks: block by block, whatever n.
        Assert.IsType<BlockDiagonalCholesky>(CholeskyFactor.Create(SymmetricPattern.FromEntries(CholeskyFactor.DenseLimit + 1, [])));
        Assert.IsType<BlockDiagonalCholesky>(CholeskyFactor.Create(SymmetricPattern.Dense(CholeskyFactor.BlockLimit)));
        // One component: dense when small and filled, sparse when its factor stays sparse or n is large.
        Assert.IsType<DenseCholesky>(CholeskyFactor.Create(SymmetricPattern.Dense(CholeskyFactor.DenseLimit)));
        Assert.IsType<SparseCholesky>(CholeskyFactor.Create(SymmetricPattern.Dense(CholeskyFactor.DenseLimit + 1)));
        var chain = SymmetricPattern.FromEntries(40, Enumerable.Range(1, 39).Select(i => (i, i - 1)));
        Assert.IsType<SparseCholesky>(CholeskyFactor.Create(chain));
        Assert.IsType<DenseCholesky>(CholeskyFactor.Create(chain, kind: CholeskyKind.Dense));
        Assert.Throws<ArgumentException>(() => CholeskyFactor.Create(chain, kind: CholeskyKind.BlockDiagonal));
    }
}
