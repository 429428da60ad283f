// Adaptive Gauss–Hermite quadrature of one factor of scalar effects: against brute-force quadrature, the exact gaussian marginal, finite differences and its own K-vs-2K check.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Integrated;

public sealed class AdaptiveGaussHermiteTests
{
    public static TheoryData<int> CaseIndices => ObservationDerivativesTests.CaseIndices;

    /// <summary>Clusters of 1 to 5 observations over the case's response, a predictor in its η range, a slope covariate when asked.</summary>
    private static (ObservationDerivatives Table, int[] Level, int Levels, double[] Eta, double[]? Z, double[] Theta, string Name) Setup(int index, bool slope = false)
    {
        var (name, response, low, high, theta) = ObservationDerivativesTests.Cases().ElementAt(index);
        var table = ObservationDerivatives.For(FamilySpec.Parse(name), response);
        int n = response.Values.Length;
        var level = new int[n];
        int levels = 0;
        for (int i = 0, size = 1; i < n; levels++, size = size % 5 + 1)
            for (int m = 0; m < size && i < n; m++) level[i++] = levels;
        var rng = new RandomStream((ulong)index, 2);
        double mid = 0.5 * (low + high), half = 0.25 * (high - low);
        var eta = Enumerable.Range(0, n).Select(_ => mid + half * rng.NextUniform(-1, 1)).ToArray();
        double[]? z = slope ? Enumerable.Range(0, n).Select(_ => rng.NextUniform(0.5, 1.5)).ToArray() : null;
        return (table, level, levels, eta, z, theta, name);
    }

    /// <summary>log ∫ exp g_i(u) du by composite Simpson over ±(12 s + 12) with 100,001 points: no adaptation, no curvature.</summary>
    private static double[] BruteForce(ObservationDerivatives table, int[] level, int levels, double[] eta, double[]? z, double[] theta, double logSd)
    {
        table.SetParameters(theta);
        double s = Math.Exp(logSd), a = 12 * s + 12;
        int points = 100_001;
        double h = 2 * a / (points - 1);
        var result = new double[levels];
        for (int i = 0; i < levels; i++)
        {
            var g = new double[points];
            double max = double.NegativeInfinity;
            for (int p = 0; p < points; p++)
            {
                double u = -a + p * h;
                double v = -0.5 * u * u / (s * s) - logSd - 0.5 * Math.Log(2 * Math.PI);
                for (int n = 0; n < level.Length; n++)
                    if (level[n] == i) v += table.Value(n, eta[n] + (z?[n] ?? 1) * u, out _, out _, out _);
                g[p] = v;
                max = Math.Max(max, v);
            }
            double sum = 0;
            for (int p = 0; p < points; p++) sum += (p == 0 || p == points - 1 ? 1 : p % 2 == 1 ? 4 : 2) * Math.Exp(g[p] - max);
            result[i] = max + Math.Log(sum * h / 3);
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void ConvergesToHighOrderQuadratureAsNodesGrow(int index)
    {
        var (table, level, levels, eta, z, theta, name) = Setup(index, slope: index % 2 == 0);
        double logSd = Math.Log(0.9);
        var exact = BruteForce(table, level, levels, eta, z, theta, logSd);
        // The error need not fall at every step (Laplace can beat three nodes), but many nodes must beat few, and 25 must be
        // close: to 1e-7 where ℓ is log-concave and smooth over the whole line; where it is not (gaussian(log): a likelihood
        // flat in u below the mode, which nodes placed by the curvature at the mode reach late) to 1e-4; under the inverse link,
        // whose support ends at η = 0 where the integrand is not smooth, to 1e-2 (the K-vs-2K check reports such cases).
        double smallest = double.PositiveInfinity;
        foreach (int k in new[] { 1, 3, 7, 25 })
        {
            var agq = new AdaptiveGaussHermite(table.Copy(), level, levels, z, k);
            double total = agq.Evaluate(eta, logSd, theta, [], out _, []);
            double error = 0;
            for (int i = 0; i < levels; i++) error = Math.Max(error, Math.Abs(agq.ClusterLogLikelihood[i] - exact[i]));
            Assert.Equal(agq.ClusterLogLikelihood.ToArray().Sum(), total, 1e-12 * Math.Abs(total));
            if (k < 25) smallest = Math.Min(smallest, error);
            else
            {
                Assert.True(error <= smallest + 1e-12, $"{name}: 25 nodes off by {error}, fewer by {smallest}");
                double bound = name.Contains("inverse") ? 1e-2 : table.IsLogConcave ? 1e-7 : 1e-4;
                Assert.True(error < bound, $"{name}: 25 nodes off by {error}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void GradientMatchesFiniteDifferences(int index)
    {
        var (table, level, levels, eta, z, theta, name) = Setup(index, slope: index % 3 == 1);
        foreach (int k in new[] { 1, 4 })
        {
            var agq = new AdaptiveGaussHermite(table.Copy(), level, levels, z, k);
            double logSd = Math.Log(0.8);
            int n = eta.Length, f = theta.Length;
            var gEta = new double[n];
            var gTheta = new double[f];
            agq.Evaluate(eta, logSd, theta, gEta, out double gLogSd, gTheta);
            var x = eta.Append(logSd).Concat(theta).ToArray();
            var analytic = gEta.Append(gLogSd).Concat(gTheta).ToArray();
            var fresh = new AdaptiveGaussHermite(table.Copy(), level, levels, z, k);
            double F(double[] v) => fresh.Evaluate(v[..n], v[n], v[(n + 1)..], [], out _, []);
            for (int i = 0; i < x.Length; i++)
            {
                double numeric = Model.NumericalCheck.Derivative(F, x, i);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-6 * (1 + Math.Abs(numeric)),
                    $"{name}, K = {k}, coordinate {i} of {x.Length}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void LaplaceIsExactForTheGaussianFamilyAndMatchesTheIntegratedGaussianLikelihood()
    {
        var frame = IntegratedDesigns.Frame("one factor", 7);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var marginal = new GaussianMarginal(design);
        double[] beta = [0.9, 0.4];
        double sd = 0.7, logSigma = Math.Log(1.1);
        double exact = marginal.Evaluate(beta, [sd], logSigma, [], [], out _);
        var table = ObservationDerivatives.For(new GaussianFamily(), frame.Response);
        var eta = Enumerable.Range(0, frame.ObservationCount).Select(i => beta[0] + beta[1] * frame.Fixed.X[i, 1]).ToArray();
        var term = frame.Groups[0];
        foreach (int k in new[] { 1, 2, 5 })
        {
            var agq = new AdaptiveGaussHermite(table.Copy(), term.LevelOfObservation, term.LevelCount, null, k);
            Assert.Equal(exact, agq.Evaluate(eta, Math.Log(sd), [Math.Exp(logSigma)], [], out _, []), 1e-10 * Math.Abs(exact));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(13)]
    public void TwiceTheNodesEstimatesTheQuadratureError(int index)
    {
        var (table, level, levels, eta, z, theta, name) = Setup(index);
        double logSd = Math.Log(1.5);
        double exact = BruteForce(table, level, levels, eta, z, theta, logSd).Sum();
        // L_K − L_2K gives the size of L_K's error: within a factor 3 from K = 4 on (at K = 1 or 2 it is a rough guide only).
        foreach (int k in new[] { 4, 5, 6 })
        {
            var agq = new AdaptiveGaussHermite(table.Copy(), level, levels, z, k);
            double value = agq.Evaluate(eta, logSd, theta, [], out _, []);
            double estimate = value - agq.Recompute(eta, logSd, theta, 2 * k), truth = value - exact;
            Assert.True(Math.Abs(estimate) <= 3 * Math.Abs(truth) + 1e-10 && Math.Abs(estimate) >= Math.Abs(truth) / 3 - 1e-10,
                $"{name}, K = {k}: estimated error {estimate}, true {truth}");
        }
    }

    [Fact]
    public void AnEmptyClusterContributesNothingAndEvaluationAllocatesNothing()
    {
        var (table, level, levels, eta, z, theta, _) = Setup(6);
        var agq = new AdaptiveGaussHermite(table.Copy(), level, levels + 1, z, 5); // the last level has no observations
        var gEta = new double[eta.Length];
        var gTheta = new double[theta.Length];
        agq.Evaluate(eta, 0.1, theta, gEta, out _, gTheta);
        Assert.Equal(0.0, agq.ClusterLogLikelihood[levels], 12);
        long before = GC.GetAllocatedBytesForCurrentThread();
        agq.Evaluate(eta, 0.2, theta, gEta, out _, gTheta);
        agq.Evaluate(eta, 0.2, theta, [], out _, []);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(12)]
    public void ConditionalDrawsHaveTheMomentsOfTheIntegrand(int index)
    {
        // Each cluster's u_i | y ∝ exp g_i(u): mean and variance by brute-force quadrature, draws by adaptive rejection sampling.
        var (table, level, levels, eta, z, theta, name) = Setup(index, slope: index == 2);
        double logSd = Math.Log(0.9), s = Math.Exp(logSd);
        table.SetParameters(theta);
        var agq = new AdaptiveGaussHermite(table.Copy(), level, levels, z, 3);
        agq.Evaluate(eta, logSd, theta, [], out _, []);
        int draws = 6000;
        var sum = new double[levels];
        var sumSquares = new double[levels];
        var effects = new double[levels];
        var rng = new RandomStream(9, (ulong)index);
        for (int m = 0; m < draws; m++)
        {
            agq.DrawEffects(eta, logSd, theta, rng, effects);
            for (int i = 0; i < levels; i++) { sum[i] += effects[i]; sumSquares[i] += effects[i] * effects[i]; }
        }
        for (int i = 0; i < levels; i++)
        {
            // Moments of exp g_i by Simpson on a fine grid.
            double a = 12 * s + 12, h = 2 * a / 40000, m0 = 0, m1 = 0, m2 = 0, max = double.NegativeInfinity;
            var g = new double[40001];
            for (int p = 0; p <= 40000; p++)
            {
                double u = -a + p * h, v = -0.5 * u * u / (s * s);
                for (int n = 0; n < level.Length; n++)
                    if (level[n] == i) v += table.Value(n, eta[n] + (z?[n] ?? 1) * u, out _, out _, out _);
                g[p] = v;
                max = Math.Max(max, v);
            }
            for (int p = 0; p <= 40000; p++)
            {
                double u = -a + p * h, w = (p == 0 || p == 40000 ? 1 : p % 2 == 1 ? 4 : 2) * Math.Exp(g[p] - max);
                m0 += w; m1 += w * u; m2 += w * u * u;
            }
            double mean = m1 / m0, variance = m2 / m0 - mean * mean;
            double drawMean = sum[i] / draws, drawVariance = sumSquares[i] / draws - drawMean * drawMean;
            Assert.True(Math.Abs(drawMean - mean) < 4.5 * Math.Sqrt(variance / draws), $"{name}, cluster {i}: mean {drawMean} vs {mean}");
            Assert.True(Math.Abs(drawVariance / variance - 1) < 4.5 * Math.Sqrt(3.0 / draws), $"{name}, cluster {i}: variance {drawVariance} vs {variance}");
        }
    }

    [Fact]
    public void DrawsRefuseAFamilyThatIsNotLogConcave()
    {
        var (table, level, levels, eta, z, theta, _) = Setup(14); // student
        var agq = new AdaptiveGaussHermite(table, level, levels, z, 3);
        Assert.Throws<InvalidOperationException>(() => agq.DrawEffects(eta, 0, theta, new RandomStream(1, 1), new double[levels]));
    }
}
