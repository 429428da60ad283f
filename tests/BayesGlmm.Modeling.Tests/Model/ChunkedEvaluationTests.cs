// The fused, chunked evaluation of the GLMM density: exact gradients over many chunks, and the same density whatever the order and runs.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class ChunkedEvaluationTests
{
    private static readonly TestFamily[] Families = [new GaussianIdentity(), new PoissonLog(), new BinomialLogit(), new StudentIdentity()];

    /// <summary>
    /// A frame of several chunks: a sorted term with long segments, a term nested in it with one sub-level
    /// (runs that follow the segments), and a crossed term gathered observation by observation.
    /// </summary>
    private static (GlmmModel Model, ModelFrame Frame, TestFamily Family) Build(RandomStream rng, GlmmOptions? options = null,
        int? fixedColumns = null)
    {
        var family = Families[rng.Next(Families.Length)];
        int n = GlmmEvaluator.ChunkLength * 2 + 7 + rng.Next(3 * GlmmEvaluator.ChunkLength);
        TermSpec[] terms =
        [
            new("a", 12 + rng.Next(30), 1 + rng.Next(2)),
            new("a:b", 1, 1 + rng.Next(2), Correlated: false, NestedIn: 0),
            new("c", 3 + rng.Next(8), 1, Student: rng.Next(3) == 0),
        ];
        var frame = ModelBuilder.Random(rng, n, fixedColumns ?? 1 + rng.Next(3), intercept: true, terms, family, offset: rng.Next(2) == 0);
        return (GlmmModel.Create(frame, family, [], options), frame, family);
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesAcrossChunks()
    {
        NumericalCheck.ForSeeds(6, seed =>
        {
            var rng = new RandomStream((ulong)seed, 11);
            var (model, _, _) = Build(rng);
            Assert.Contains(model.Structure.Blocks, b => ((NormalEffects)b).Matrix.UsesRuns);
            Assert.Contains(model.Structure.Blocks, b => !((NormalEffects)b).Matrix.UsesRuns);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng, 0.5), tolerance: 1e-5);
        });
    }

    [Fact]
    public void OrderOfObservationsAndRunsLeaveTheDensityUnchanged()
    {
        NumericalCheck.ForSeeds(10, seed =>
        {
            var (sorted, frame, family) = Build(new RandomStream((ulong)seed, 12));
            var unsorted = GlmmModel.Create(frame, family, [], new GlmmOptions { SortObservations = false });
            var x = ModelBuilder.RandomPosition(sorted, new RandomStream((ulong)seed, 13), 0.5);
            var g1 = new double[sorted.Dimension];
            var g2 = new double[unsorted.Dimension];
            double v1 = sorted.Create().Evaluate(x, g1);
            double v2 = unsorted.Create().Evaluate(x, g2);
            Assert.True(double.IsFinite(v1));
            Assert.True(Math.Abs(v1 - v2) <= 1e-11 * Math.Abs(v1), $"log density {v1:R} sorted, {v2:R} unsorted");
            for (int i = 0; i < g1.Length; i++)
                Assert.True(Math.Abs(g1[i] - g2[i]) <= 1e-9 * (1 + Math.Abs(g1[i])), $"coordinate {i}: {g1[i]:R} sorted, {g2[i]:R} unsorted");
        });
    }

    /// <summary>
    /// With 5 to 20 fixed-effect columns (4 to 19 besides the intercept: the row-blocked kernel's 8-, 4- and 1-column
    /// sweeps and their mixes), the row-blocked X b and Xᵀ ∂eta give the column-at-a-time density and gradient to
    /// rounding, and the gradient matches finite differences.
    /// </summary>
    [Fact]
    public void RowBlockedFixedEffectsAgreeWithColumnAtATime()
    {
        NumericalCheck.ForSeeds(8, seed =>
        {
            var rng = new RandomStream((ulong)seed, 14);
            int columns = FixedEffects.RowBlockedFrom + 1 + rng.Next(16);
            var (blocked, frame, family) = Build(rng, fixedColumns: columns);
            var columnwise = GlmmModel.Create(frame, family, [], new GlmmOptions { RowBlockedFixedEffects = false });
            Assert.True(blocked.Structure.Fixed.RowBlocked, $"{columns} columns");
            Assert.False(columnwise.Structure.Fixed.RowBlocked);
            var x = ModelBuilder.RandomPosition(blocked, rng, 0.5);
            var g1 = new double[blocked.Dimension];
            var g2 = new double[columnwise.Dimension];
            double v1 = blocked.Create().Evaluate(x, g1);
            double v2 = columnwise.Create().Evaluate(x, g2);
            Assert.True(double.IsFinite(v1));
            Assert.True(Math.Abs(v1 - v2) <= 1e-11 * Math.Abs(v1), $"log density {v1:R} row-blocked, {v2:R} column at a time");
            for (int i = 0; i < g1.Length; i++)
                Assert.True(Math.Abs(g1[i] - g2[i]) <= 1e-9 * (1 + Math.Abs(g1[i])), $"coordinate {i}: {g1[i]:R} row-blocked, {g2[i]:R} column at a time");
            NumericalCheck.AssertGradient(blocked.Create(), x, tolerance: 1e-5);
        });
    }

    /// <summary>Too few non-constant columns to fill a sweep: the products stay column at a time.</summary>
    [Fact]
    public void FewColumnsStayColumnAtATime()
    {
        var (model, _, _) = Build(new RandomStream(3, 15), fixedColumns: FixedEffects.RowBlockedFrom);
        Assert.False(model.Structure.Fixed.RowBlocked);
    }
}
