using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Numerics.Tests.Random;

public sealed class RandomStreamTests
{
    [Fact]
    public void SameSeedAndKeyGiveTheSameNumbers()
    {
        var a = RandomStream.ForChain(42, 3);
        var b = RandomStream.ForChain(42, 3);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void DifferentChainsGiveDifferentNumbers()
    {
        var a = RandomStream.ForChain(42, 0);
        var b = RandomStream.ForChain(42, 1);
        Assert.NotEqual(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void StandardNormalHasMeanZeroAndUnitVariance()
    {
        var rng = new RandomStream(7);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextStandardNormal();
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, -4.5 / Math.Sqrt(n), 4.5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 4.5 * Math.Sqrt(2.0 / n), 1 + 4.5 * Math.Sqrt(2.0 / n));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.5)]
    public void GammaHasMeanEqualToShape(double shape)
    {
        var rng = new RandomStream(11, 2);
        const int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += rng.NextGamma(shape);
        double se = Math.Sqrt(shape / n);
        Assert.InRange(sum / n, shape - 4.5 * se, shape + 4.5 * se);
    }

    [Fact]
    public void BoundedIntegersStayInRange()
    {
        var rng = new RandomStream(3);
        for (int i = 0; i < 10_000; i++) Assert.InRange(rng.Next(5, 9), 5, 8);
    }
}
