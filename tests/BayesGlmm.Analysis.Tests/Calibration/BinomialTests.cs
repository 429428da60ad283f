using BayesGlmm.Analysis.Calibration;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class BinomialTests
{
    // Exact pmf by the product form, for small n.
    private static double DirectPmf(int x, int n, double p)
    {
        double c = 1.0;
        for (int j = 1; j <= x; j++) c = c * (n - x + j) / j;
        return c * Math.Pow(p, x) * Math.Pow(1 - p, n - x);
    }

    [Fact]
    public void PmfMatchesTheProductFormForSmallN()
    {
        foreach (int n in new[] { 0, 1, 2, 5, 15, 16, 17, 40 })
        foreach (double p in new[] { 0.01, 0.1, 0.37, 0.5, 0.9, 0.999 })
        for (int x = 0; x <= n; x++)
        {
            double expected = DirectPmf(x, n, p);
            Assert.True(Math.Abs(Binomial.Pmf(x, n, p) - expected) <= 1e-13 * expected + 1e-300,
                $"n={n} p={p} x={x}: {Binomial.Pmf(x, n, p)} vs {expected}");
        }
    }

    [Fact]
    public void PmfSumsToOneAndTailsAreComplementary()
    {
        Prop.ForAll(Gen.Choose(1, 2000).ToArbitrary(), Gen.Choose(1, 999).ToArbitrary(), (n, permille) =>
        {
            double p = permille / 1000.0;
            double total = 0.0;
            for (int x = 0; x <= n; x++) total += Binomial.Pmf(x, n, p);
            int mid = n / 3;
            double lower = Binomial.Cdf(mid, n, p), upper = Binomial.UpperTail(mid + 1, n, p);
            return Math.Abs(total - 1) < 1e-12 && Math.Abs(lower + upper - 1) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FilledRowMatchesSinglePmfs()
    {
        foreach (int n in new[] { 0, 1, 10, 100, 1000 })
        foreach (double p in new[] { 0.0, 0.001, 0.25, 0.5, 0.99, 1.0 })
        {
            var row = new double[n + 1];
            Binomial.FillPmf(n, p, row);
            for (int x = 0; x <= n; x++)
            {
                double single = Binomial.Pmf(x, n, p);
                Assert.True(Math.Abs(row[x] - single) <= 1e-12 * single + 1e-300, $"n={n} p={p} x={x}");
            }
        }
    }

    [Fact]
    public void UpperTailKeepsRelativeAccuracyFarOut()
    {
        // P(X ≥ n) = p^n exactly.
        Assert.Equal(Math.Pow(0.01, 20), Binomial.UpperTail(20, 20, 0.01), 1e-12 * Math.Pow(0.01, 20));
    }

    [Fact]
    public void QuantileIsTheSmallestCountWhoseCdfReachesTheFuzzedProbability()
    {
        Prop.ForAll(Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(1, 99).ToArbitrary(), Gen.Choose(1, 9999).ToArbitrary(),
            (n, percent, level) =>
            {
                double p = percent / 100.0, prob = level / 10000.0;
                int q = Binomial.Quantile(prob, n, p);
                double target = prob * (1 - 64 * 2.220446049250313e-16);
                return Binomial.Cdf(q, n, p) >= target && (q == 0 || Binomial.Cdf(q - 1, n, p) < target);
            }).QuickCheckThrowOnFailure();
        Assert.Equal(0, Binomial.Quantile(0.3, 10, 0.0));
        Assert.Equal(10, Binomial.Quantile(0.3, 10, 1.0));
        Assert.Equal(0, Binomial.Quantile(0.0, 10, 0.5));
        Assert.Equal(10, Binomial.Quantile(1.0, 10, 0.5));
    }
}
