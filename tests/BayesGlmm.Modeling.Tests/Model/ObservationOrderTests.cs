// The evaluation order: sorted by the grouping factor that leaves the fewest indexed gathers and scatters.
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class ObservationOrderTests
{
    [Fact]
    public void SortsByTheFactorThatMakesTheMostTermsGoByRuns()
    {
        // s has 20 observations per level and comes first; d has 100, and e is nested in d with one sub-level.
        // Sorting by s would leave d and e gathered per observation; sorting by d makes d and e runs.
        var rng = new RandomStream(5, 1);
        var frame = ModelBuilder.Random(rng, 2000, 2, intercept: true,
            [new TermSpec("s", 100, 1), new TermSpec("d", 20, 1), new TermSpec("d:e", 1, 1, NestedIn: 1)], new GaussianIdentity());
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        var blocks = model.Structure.Blocks.Cast<NormalEffects>().ToDictionary(b => b.Term.Group, b => b.Matrix);
        Assert.True(blocks["d"].IsSegmented && blocks["d"].UsesRuns);
        Assert.True(blocks["d:e"].UsesRuns);
        Assert.False(blocks["s"].UsesRuns);
        var order = model.Structure.Order;
        Assert.Equal(Enumerable.Range(0, 2000), order.Order());
        var d = frame.Groups[1].LevelOfObservation;
        for (int i = 1; i < order.Length; i++)
        {
            Assert.True(d[order[i]] >= d[order[i - 1]]);
            if (d[order[i]] == d[order[i - 1]]) Assert.True(order[i] > order[i - 1], "the sort keeps the frame's order within a level");
        }
    }

    [Fact]
    public void KeepsTheFrameOrderWhenNoFactorHasLongEnoughSegments()
    {
        var rng = new RandomStream(6, 1);
        var frame = ModelBuilder.Random(rng, 50, 2, intercept: true, [new TermSpec("g", 25, 1)], new GaussianIdentity());
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        Assert.Equal(Enumerable.Range(0, 50), model.Structure.Order);
    }
}
