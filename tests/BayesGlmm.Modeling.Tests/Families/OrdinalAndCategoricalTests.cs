using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>The cumulative and categorical families: gradients, oracles, replicates, checks; the ordered transform.</summary>
public sealed class OrdinalAndCategoricalTests
{
    private static void AssertNear(double analytic, double numeric, string what)
    {
        double tolerance = 1e-6 + 2e-5 * Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= tolerance, $"{what}: analytic {analytic:R}, finite difference {numeric:R}");
    }

    private static double[] Thresholds(RandomStream rng, int k)
    {
        var tau = new double[k - 1];
        for (int j = 0; j < tau.Length; j++) tau[j] = j == 0 ? rng.NextUniform(-3, 1) : tau[j - 1] + rng.NextUniform(0.05, 2.5);
        return tau;
    }

    private static (IFamilyLikelihood Likelihood, double[] Y, double[] Eta, double[] Tau) Cumulative(string link, int seed, double etaScale = 3)
    {
        var rng = new RandomStream((ulong)seed, 41);
        int k = 2 + rng.Next(5), n = 1 + rng.Next(15);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 1 + rng.Next(k);
        y[0] = k;
        var likelihood = FamilySpec.Parse($"cumulative({link})").Bind(new ResponseData { Name = "rating", Values = y });
        var eta = new double[n];
        for (int i = 0; i < n; i++) eta[i] = rng.NextUniform(-etaScale, etaScale);
        return (likelihood, y, eta, Thresholds(rng, k));
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void CumulativeGradientMatchesFiniteDifferences(string link)
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (likelihood, _, eta, tau) = Cumulative(link, seed);
            int n = eta.Length;
            var gEta = new double[n];
            var gTau = new double[tau.Length];
            double value = likelihood.Evaluate(eta, tau, gEta, gTau);
            Assert.True(double.IsFinite(value));
            var se = new double[n];
            var st = new double[tau.Length];
            double h = 1e-6;
            for (int i = 0; i < n; i++)
            {
                var up = (double[])eta.Clone(); up[i] += h;
                var down = (double[])eta.Clone(); down[i] -= h;
                AssertNear(gEta[i], (likelihood.Evaluate(up, tau, se, st) - likelihood.Evaluate(down, tau, se, st)) / (2 * h), $"{link} seed {seed} d/deta[{i}]");
            }
            for (int j = 0; j < tau.Length; j++)
            {
                var up = (double[])tau.Clone(); up[j] += h;
                var down = (double[])tau.Clone(); down[j] -= h;
                AssertNear(gTau[j], (likelihood.Evaluate(eta, up, se, st) - likelihood.Evaluate(eta, down, se, st)) / (2 * h), $"{link} seed {seed} d/dtau[{j}]");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void CumulativeMatchesTheDifferenceOfCdfs(string link)
    {
        Func<double, double> cdf = link == "logit" ? x => 1 / (1 + Math.Exp(-x)) : x => Normal.CDF(0, 1, x);
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (likelihood, y, eta, tau) = Cumulative(link, seed);
            var pointwise = new double[y.Length];
            likelihood.Pointwise(eta, tau, pointwise);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                int k = (int)y[i];
                double a = k <= tau.Length ? tau[k - 1] - eta[i] : double.PositiveInfinity;
                double b = k >= 2 ? tau[k - 2] - eta[i] : double.NegativeInfinity;
                // Difference of upper tails when both points are above 0, so that the oracle keeps its digits.
                double expected = Math.Log(b > 0 ? cdf(-b) - cdf(-a) : cdf(a) - cdf(b));
                Assert.True(Math.Abs(expected - pointwise[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{link} seed {seed} obs {i}: {pointwise[i]:R} vs {expected:R}");
                sum += pointwise[i];
            }
            Assert.Equal(sum, likelihood.Evaluate(eta, tau, new double[y.Length], new double[tau.Length]), 1e-9);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("probit")]
    public void CumulativeIsExactFarInTheTails(string link)
    {
        // Adjacent thresholds far out in the tail: the direct difference of cdfs would be 0.
        var likelihood = FamilySpec.Parse($"cumulative({link})").Bind(new ResponseData { Name = "r", Values = [2, 3] });
        double[] tau = [30, 31];
        var pointwise = new double[2];
        likelihood.Pointwise([-10.0, -10.0], tau, pointwise);
        Assert.True(double.IsFinite(pointwise[0]) && pointwise[0] < -20, $"{pointwise[0]}");
        var g = new double[2];
        Assert.True(double.IsFinite(likelihood.Evaluate([-10.0, -10.0], tau, g, new double[2])));
        Assert.True(double.IsFinite(g[0]) && double.IsFinite(g[1]));
    }

    [Fact]
    public void CumulativeReplicatesHaveTheCategoryProbabilities()
    {
        var likelihood = FamilySpec.Parse("cumulative").Bind(new ResponseData { Name = "r", Values = [1, 2, 3, 4] });
        double[] tau = [-1, 0.5, 2];
        double[] eta = [0.3, 0.3, 0.3, 0.3];
        var counts = new double[5];
        var rng = new RandomStream(8);
        var rep = new double[4];
        const int draws = 10_000;
        for (int d = 0; d < draws; d++)
        {
            likelihood.Replicate(eta, tau, rng, rep);
            foreach (double v in rep) counts[(int)v]++;
        }
        double total = 4.0 * draws;
        double previous = 0, mean = 0;
        for (int k = 1; k <= 4; k++)
        {
            double cdf = k < 4 ? 1 / (1 + Math.Exp(-(tau[k - 1] - 0.3))) : 1;
            double p = cdf - previous;
            previous = cdf;
            mean += k * p;
            Assert.True(Math.Abs(counts[k] / total - p) <= 4.5 * Math.Sqrt(p * (1 - p) / total), $"category {k}: {counts[k] / total} vs {p}");
        }
        Assert.Equal(mean, likelihood.Mean(0.3, tau, 0), 1e-12);
        Assert.Equal(["Intercept[1]", "Intercept[2]", "Intercept[3]"], likelihood.Parameters.Select(p => p.Name));
        var ordered = Assert.IsAssignableFrom<IOrderedFamilyParameters>(likelihood);
        Assert.Equal(3, ordered.OrderedCount);
    }

    [Fact]
    public void CumulativeChecksItsResponse()
    {
        var e = Assert.Throws<InputException>(() => FamilySpec.Parse("cumulative").Bind(new ResponseData { Name = "rating", Values = [1, 2, 0] }, [0, 1, 5]));
        Assert.Contains("'rating'", e.Message);
        Assert.Contains("data row 6", e.Message);
        Assert.Throws<InputException>(() => FamilySpec.Parse("cumulative").Bind(new ResponseData { Name = "rating", Values = [1, 1] }));
        Assert.Throws<InputException>(() => FamilySpec.Parse("cumulative").Bind(new ResponseData { Name = "rating", Values = [1, 2.5] }));
        // A rebound response keeps the number of thresholds.
        var bound = FamilySpec.Parse("cumulative").Bind(new ResponseData { Name = "rating", Values = [1, 4] });
        Assert.Equal(3, bound.WithResponse([1, 2]).Parameters.Count);
    }

    [Fact]
    public void OrderedTransformChainRuleMatchesFiniteDifferences()
    {
        var rng = new RandomStream(3);
        double[] u = [0.4, -0.3, 0.8, -1.2];
        double[] w = [0.7, -1.1, 0.25, 2.0];
        // f(tau) = Σ w_k tau_k^2 / 2 plus log|J|.
        double F(double[] x)
        {
            var tau = new double[x.Length];
            double logJ = OrderedCutpoints.Constrain(x, tau);
            double f = logJ;
            for (int k = 0; k < tau.Length; k++) f += 0.5 * w[k] * tau[k] * tau[k];
            return f;
        }
        var t = new double[4];
        OrderedCutpoints.Constrain(u, t);
        for (int k = 1; k < 4; k++) Assert.True(t[k] > t[k - 1]);
        var back = new double[4];
        OrderedCutpoints.Unconstrain(t, back);
        for (int k = 0; k < 4; k++) Assert.Equal(u[k], back[k], 1e-12);
        var gTau = new double[4];
        for (int k = 0; k < 4; k++) gTau[k] = w[k] * t[k];
        var g = new double[4];
        OrderedCutpoints.ChainGradient(u, gTau, g);
        for (int k = 0; k < 4; k++)
        {
            var up = (double[])u.Clone(); up[k] += 1e-6;
            var down = (double[])u.Clone(); down[k] -= 1e-6;
            AssertNear(g[k], (F(up) - F(down)) / 2e-6, $"d/du[{k}]");
        }
    }

    private static (IFamilyLikelihood Likelihood, int[] Code, double[] Eta, int K) Categorical(int seed)
    {
        var rng = new RandomStream((ulong)seed, 43);
        int k = 2 + rng.Next(4), n = 1 + rng.Next(12);
        var levels = Enumerable.Range(0, k).Select(c => $"c{c}").ToArray();
        var code = new int[n];
        for (int i = 0; i < n; i++) code[i] = rng.Next(k);
        var likelihood = FamilySpec.Parse("categorical").Bind(new ResponseData { Name = "y", Values = [.. code.Select(c => (double)c)], Levels = levels });
        var eta = new double[n * (k - 1)];
        for (int j = 0; j < eta.Length; j++) eta[j] = rng.NextUniform(-3, 3);
        return (likelihood, code, eta, k);
    }

    [Fact]
    public void CategoricalGradientAndOracle()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (likelihood, code, eta, k) = Categorical(seed);
            int n = code.Length;
            Assert.Equal(k - 1, likelihood.LinearPredictorCount);
            var g = new double[eta.Length];
            double value = likelihood.Evaluate(eta, [], g, []);
            var scratch = new double[eta.Length];
            for (int j = 0; j < eta.Length; j++)
            {
                var up = (double[])eta.Clone(); up[j] += 1e-6;
                var down = (double[])eta.Clone(); down[j] -= 1e-6;
                AssertNear(g[j], (likelihood.Evaluate(up, [], scratch, []) - likelihood.Evaluate(down, [], scratch, [])) / 2e-6, $"seed {seed} d/deta[{j}]");
            }
            var pointwise = new double[n];
            likelihood.Pointwise(eta, [], pointwise);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                var p = new double[k];
                p[0] = 1;
                for (int c = 1; c < k; c++) p[c] = Math.Exp(eta[(c - 1) * n + i]);
                double total = p.Sum();
                double expected = MathNet.Numerics.Distributions.Categorical.PMFLn([.. p.Select(x => x / total)], code[i]);
                Assert.Equal(expected, pointwise[i], 1e-10);
                sum += pointwise[i];
            }
            Assert.Equal(sum, value, 1e-10);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CategoricalEvaluateAllocatesNothingAndRejectsAnInfiniteEta()
    {
        const int n = 103;
        var values = Enumerable.Range(0, n).Select(i => (double)(1 + i % 4)).ToArray();
        var likelihood = FamilySpec.Parse("categorical").Bind(new ResponseData { Name = "y", Values = values });
        var rng = new RandomStream(12);
        var eta = Enumerable.Range(0, 3 * n).Select(_ => rng.NextUniform(-3, 3)).ToArray();
        var g = new double[eta.Length];
        for (int warm = 0; warm < 3; warm++) likelihood.Evaluate(eta, [], g, []);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 20; k++) likelihood.Evaluate(eta, [], g, []);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        eta[5] = double.PositiveInfinity;
        Assert.False(double.IsFinite(likelihood.Evaluate(eta, [], g, [])));
    }

    [Fact]
    public void CategoricalReplicatesHaveTheSoftmaxProbabilities()
    {
        var likelihood = FamilySpec.Parse("categorical").Bind(new ResponseData { Name = "y", Values = [1, 2, 3] });
        double[] eta = [0.5, 0.5, 0.5, -1, -1, -1];
        var rng = new RandomStream(9);
        var counts = new double[4];
        var rep = new double[3];
        const int draws = 10_000;
        for (int d = 0; d < draws; d++)
        {
            likelihood.Replicate(eta, [], rng, rep);
            foreach (double v in rep) counts[(int)v]++;
        }
        double z = 1 + Math.Exp(0.5) + Math.Exp(-1);
        double[] p = [1 / z, Math.Exp(0.5) / z, Math.Exp(-1) / z];
        for (int c = 0; c < 3; c++)
            Assert.True(Math.Abs(counts[c + 1] / (3.0 * draws) - p[c]) <= 4.5 * Math.Sqrt(p[c] * (1 - p[c]) / (3.0 * draws)));
    }
}
