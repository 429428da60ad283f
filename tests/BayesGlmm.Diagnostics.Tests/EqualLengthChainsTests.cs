// The equal-length block that R-hat and ESS use when an interrupted run's chains stopped at different points.
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Diagnostics.Tests;

public sealed class EqualLengthChainsTests
{
    [Theory]
    [InlineData(new[] { 1000, 1000, 1000, 1000 }, new[] { 0, 1, 2, 3 }, 1000)]
    [InlineData(new[] { 600, 598, 0, 0 }, new[] { 0, 1 }, 598)]
    [InlineData(new[] { 1000, 1000, 30, 30 }, new[] { 0, 1 }, 1000)]
    [InlineData(new[] { 1000, 1000, 600, 600 }, new[] { 0, 1, 2, 3 }, 600)]
    [InlineData(new[] { 1000, 1000, 500, 500 }, new[] { 0, 1, 2, 3 }, 500)] // a tie goes to more chains
    [InlineData(new[] { 0, 700, 0, 710 }, new[] { 1, 3 }, 700)]
    [InlineData(new[] { 5, 0 }, new[] { 0 }, 5)]
    [InlineData(new[] { 0, 0 }, new int[0], 0)]
    public void KeepsTheMostDrawsWithChainsOfOneLength(int[] lengths, int[] chains, int length)
    {
        var (selected, common) = EqualLengthChains.Largest(lengths);
        Assert.Equal(chains, selected);
        Assert.Equal(length, common);
    }

    [Fact]
    public void SelectCopiesTheFirstDrawsOfTheChosenChainsAndKeepsWholeDrawsAsTheyAre()
    {
        var draws = new Draws(["x", "y"], 3, 4);
        for (int v = 0; v < 2; v++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 4; i++) draws.Chain(v, c)[i] = 100 * v + 10 * c + i;
        var block = EqualLengthChains.Select(draws, [0, 2], 3);
        Assert.Equal((2, 3), (block.ChainCount, block.IterationCount));
        Assert.Equal([20.0, 21, 22], block.Chain(0, 1).ToArray());
        Assert.Equal([100.0, 101, 102, 120, 121, 122], block.AllChains(1).ToArray());
        Assert.Same(draws, EqualLengthChains.Select(draws, [0, 1, 2], 4));
    }
}
