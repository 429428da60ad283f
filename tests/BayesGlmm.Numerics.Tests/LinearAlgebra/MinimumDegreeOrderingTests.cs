// The approximate minimum degree ordering: a permutation, no fill where none is needed, less fill than the natural order.
using BayesGlmm.Numerics.LinearAlgebra;

namespace BayesGlmm.Numerics.Tests.LinearAlgebra;

public sealed class MinimumDegreeOrderingTests
{
    private static long Fill(SymmetricPattern pattern, int[] order) => new SparseCholesky(pattern, order).FactorEntryCount;

    [Fact]
    public void OrderIsAPermutation()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var (pattern, _, _) = CholeskyFactorTests.RandomMatrix(1 + seed * 7, 0.15, seed);
            var order = MinimumDegreeOrdering.Order(pattern);
            Assert.Equal(Enumerable.Range(0, pattern.Size), order.OrderBy(i => i));
        }
    }

    [Fact]
    public void ArrowheadHubGoesLastAndNothingFills()
    {
        // Node 0 touches every other node: eliminated first it fills the whole matrix; eliminated last, nothing.
        int n = 40;
        var pattern = SymmetricPattern.FromEntries(n, Enumerable.Range(1, n - 1).Select(i => (i, 0)));
        var order = MinimumDegreeOrdering.Order(pattern);
        Assert.Contains(0, order[^2..]); // with one leaf left, hub and leaf tie
        Assert.Equal(pattern.EntryCount, Fill(pattern, order));
        Assert.Equal((long)n * (n + 1) / 2, Fill(pattern, Enumerable.Range(0, n).ToArray()));
    }

    [Fact]
    public void NestedGroupingFactorsFillNothing()
    {
        // (1 | batch/cask): each cask meets one batch; eliminating casks first leaves no fill.
        int batches = 10, casks = 30;
        var pairs = Enumerable.Range(0, casks).Select(c => (batches + c, c / 3)).ToList();
        var pattern = SymmetricPattern.FromEntries(batches + casks, pairs);
        Assert.Equal(pattern.EntryCount, Fill(pattern, MinimumDegreeOrdering.Order(pattern)));
    }

    [Fact]
    public void GridFillsLessThanTheNaturalOrder()
    {
        int side = 15, n = side * side;
        var pairs = new List<(int, int)>();
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
            {
                int i = r * side + c;
                if (c + 1 < side) pairs.Add((i, i + 1));
                if (r + 1 < side) pairs.Add((i, i + side));
            }
        var pattern = SymmetricPattern.FromEntries(n, pairs);
        long natural = Fill(pattern, Enumerable.Range(0, n).ToArray());
        long amd = Fill(pattern, MinimumDegreeOrdering.Order(pattern));
        Assert.True(amd < 0.8 * natural, $"AMD fill {amd}, natural {natural}");
    }

    [Fact]
    public void CrossedFactorsFillLessThanTheReverseOrder()
    {
        // Students × lecturers: the larger factor eliminated first (what AMD finds) fills the smaller one's block only.
        var rng = new System.Random(3);
        int students = 200, lecturers = 40;
        var pairs = new List<(int, int)>();
        for (int s = 0; s < students; s++)
            for (int r = 0; r < 5; r++) pairs.Add((s, students + rng.Next(lecturers)));
        var pattern = SymmetricPattern.FromEntries(students + lecturers, pairs);
        var lecturersFirst = Enumerable.Range(students, lecturers).Concat(Enumerable.Range(0, students)).ToArray();
        long amd = Fill(pattern, MinimumDegreeOrdering.Order(pattern));
        Assert.True(amd < Fill(pattern, lecturersFirst));
        Assert.True(amd <= pattern.EntryCount + lecturers * (lecturers - 1) / 2);
    }
}
