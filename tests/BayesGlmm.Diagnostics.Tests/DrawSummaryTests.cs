// DrawSummary gives exactly the numbers of the one-by-one diagnostics it replaces, on any draws.
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Diagnostics.Tests;

public sealed class DrawSummaryTests
{
    /// <summary>Every column computed by its own function, as the summary did before it shared its sort.</summary>
    private static DrawSummary OneByOne(double[] draws, int chains)
    {
        double mean = Moments.Mean(draws);
        double sd = Math.Sqrt(Moments.Variance(draws, mean));
        bool nan = draws.Length == 0 || draws.Any(double.IsNaN);
        return new DrawSummary(mean, sd,
            nan ? double.NaN : Quantiles.Type7(draws, 0.05), nan ? double.NaN : Quantiles.Type7(draws, 0.5), nan ? double.NaN : Quantiles.Type7(draws, 0.95),
            Mcse.Mean(draws, chains), Mcse.Sd(draws, chains), Ess.Bulk(draws, chains), Ess.Tail(draws, chains), Rhat.Rank(draws, chains));
    }

    private static void AssertSame(DrawSummary expected, DrawSummary actual)
    {
        // Bit for bit: the shared sort must not change a single rounding.
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Mean), BitConverter.DoubleToInt64Bits(actual.Mean));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EqualsTheOneByOneDiagnosticsOnAnyDraws()
    {
        Prop.ForAll(DrawGenerators.Chains(DrawGenerators.Any).ToArbitrary(), chains =>
        {
            double[] all = chains.SelectMany(c => c).ToArray();
            AssertSame(OneByOne(all, chains.Length), DrawSummary.Compute(all, chains.Length));
            return true;
        }).Check(DrawGenerators.Seeded(31));
    }

    [Fact]
    public void EqualsTheOneByOneDiagnosticsOnFiniteDrawsWithTies()
    {
        Prop.ForAll(DrawGenerators.Chains(DrawGenerators.Finite).ToArbitrary(), chains =>
        {
            double[] all = chains.SelectMany(c => c).ToArray();
            AssertSame(OneByOne(all, chains.Length), DrawSummary.Compute(all, chains.Length));
            return true;
        }).Check(DrawGenerators.Seeded(32));
    }

    [Theory]
    [InlineData(4, 1000, 0.9, false)]
    [InlineData(4, 1000, 0.2, true)]
    [InlineData(2, 10_000, 0.5, false)]
    [InlineData(3, 999, 0.7, false)]
    [InlineData(1, 400, 0.0, true)]
    public void EqualsTheOneByOneDiagnosticsOnChainsOfSamplerLength(int chains, int n, double phi, bool discrete)
    {
        var rng = new Random(17);
        var draws = new double[chains * n];
        for (int c = 0; c < chains; c++)
        {
            double x = 0;
            for (int t = 0; t < n; t++)
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                double e = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                x = phi * x + e + 0.2 * c;
                // Discrete draws, as a count's replicated value or a sampler's tree depth, tie heavily.
                draws[c * n + t] = discrete ? Math.Round(2 * x) : Math.Exp(x);
            }
        }
        AssertSame(OneByOne(draws, chains), DrawSummary.Compute(draws, chains));
    }
}
