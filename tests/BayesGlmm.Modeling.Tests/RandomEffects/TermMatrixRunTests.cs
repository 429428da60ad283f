// The run walks of a group term (fixed-width windows, η started from the term) against plain per-observation loops.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Modeling.Tests.Model;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

public sealed class TermMatrixRunTests
{
    /// <summary>A random intercept over sorted levels whose runs are 1 to <paramref name="longest"/> observations long.</summary>
    private static (TermMatrix Matrix, int[] Level) SortedTerm(RandomStream rng, int levels, int longest)
    {
        var level = new List<int>();
        for (int j = 0; j < levels; j++)
        {
            int length = rng.Next(8) == 0 ? 1 + rng.Next(3 * longest) : 1 + rng.Next(longest);
            for (int i = 0; i < length; i++) level.Add(j);
        }
        int n = level.Count;
        var z = new ColumnMajorMatrix(n, 1);
        Array.Fill(z.Values, 1.0);
        var term = new GroupTerm
        {
            Group = "g",
            Levels = Enumerable.Range(0, levels).Select(j => $"L{j}").ToArray(),
            LevelOfObservation = level.ToArray(),
            CoefficientNames = ["Intercept"],
            Z = z,
            Text = "(1 | g)",
        };
        return (new TermMatrix(term, Enumerable.Range(0, n).ToArray()), level.ToArray());
    }

    [Fact]
    public void SetAndSumOverRunsMatchPlainLoopsForAnyChunking()
    {
        NumericalCheck.ForSeeds(20, seed =>
        {
            var rng = new RandomStream((ulong)seed, 41);
            var (matrix, level) = SortedTerm(rng, 5 + rng.Next(200), 2 + rng.Next(60));
            Assert.True(matrix.UsesRuns && matrix.CanSet);
            int n = level.Length, levels = matrix.LevelCount;
            var r = Enumerable.Range(0, levels).Select(_ => rng.NextStandardNormal()).ToArray();
            var g = Enumerable.Range(0, n).Select(_ => rng.NextStandardNormal()).ToArray();
            double constant = rng.NextStandardNormal();
            int chunk = 1 + rng.Next(600);
            var eta = new double[n];
            var gradient = new double[levels];
            int forward = 0, backward = 0;
            for (int start = 0; start < n; start += chunk)
            {
                int length = Math.Min(chunk, n - start);
                // Poison the chunk first: every element must be stored.
                eta.AsSpan(start, length).Fill(double.NaN);
                matrix.SetTo(eta.AsSpan(start, length), r, constant, start, ref forward);
                matrix.AccumulateGradient(g.AsSpan(start, length), gradient, start, ref backward);
            }
            var expected = new double[levels];
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(constant + r[level[i]], eta[i]);
                expected[level[i]] += g[i];
            }
            var scale = new double[levels];
            for (int i = 0; i < n; i++) scale[level[i]] += Math.Abs(g[i]);
            for (int j = 0; j < levels; j++)
                Assert.True(Math.Abs(expected[j] - gradient[j]) <= 1e-14 * scale[j], $"level {j} of {levels}, chunks of {chunk}: {gradient[j]:R} against {expected[j]:R}");
        });
    }

    [Fact]
    public void LevelRangeIsTheSmallestAndOnePastTheLargest()
    {
        var (matrix, level) = SortedTerm(new RandomStream(5, 42), 50, 9);
        Assert.Equal((level[10], level[200] + 1), matrix.LevelRange(10, 201));
        Assert.Equal((0, 0), matrix.LevelRange(7, 7));
    }
}
