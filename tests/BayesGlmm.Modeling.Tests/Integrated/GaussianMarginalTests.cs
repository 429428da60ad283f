// The gaussian likelihood with normal effects integrated out: against dense algebra, the joint density integrated numerically, finite differences; the exact conditional of the effects.
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.LinearAlgebra;
using BayesGlmm.Numerics.Quadrature;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Tests.Integrated;

public sealed class GaussianMarginalTests
{
    public static TheoryData<string> Designs => new(IntegratedDesigns.Names);

    public static TheoryData<string> TinyDesigns => new("one factor", "nested", "crossed", "correlated slopes");

    private static (double[] Beta, double[] Factors, double LogSigma) RandomPoint(GaussianMarginalDesign design, RandomStream rng) =>
        ([rng.NextNormal(1, 0.5), rng.NextNormal(0.5, 0.3)], IntegratedDesigns.RandomFactors(design.Layout, rng), rng.NextUniform(-0.4, 0.4));

    [Theory]
    [MemberData(nameof(Designs))]
    public void LogDensityIsTheMultivariateNormalOfY(string name)
    {
        for (int seed = 1; seed <= 4; seed++)
        {
            var frame = IntegratedDesigns.Frame(name, seed);
            var design = GaussianMarginalDesign.FromFrame(frame);
            var marginal = new GaussianMarginal(design);
            var (beta, factors, logSigma) = RandomPoint(design, new RandomStream((ulong)seed, 3));
            double value = marginal.Evaluate(beta, factors, logSigma, [], [], out _);
            double expected = IntegratedDesigns.DenseLogDensity(frame, design.Layout, beta, factors, Math.Exp(logSigma));
            Assert.Equal(expected, value, 1e-9 * Math.Abs(expected));
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void RestrictedLikelihoodAndGlsEstimateMatchDenseAlgebra(string name)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var frame = IntegratedDesigns.Frame(name, seed);
            var design = GaussianMarginalDesign.FromFrame(frame);
            var restricted = new GaussianMarginal(design, restricted: true);
            var (_, factors, logSigma) = RandomPoint(design, new RandomStream((ulong)seed, 4));
            double value = restricted.Evaluate([], factors, logSigma, [], [], out _);
            double expected = IntegratedDesigns.DenseRestrictedLogDensity(frame, design.Layout, factors, Math.Exp(logSigma), out var gls);
            Assert.Equal(expected, value, 1e-9 * Math.Abs(expected));
            for (int a = 0; a < gls.Length; a++) Assert.Equal(gls[a], restricted.FixedEstimate[a], 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(TinyDesigns))]
    public void LogDensityIsTheJointDensityIntegratedNumerically(string name)
    {
        // ∫ p(y | X β + Z Λ u) N(u; 0, I) du by a tensor-product Gauss–Hermite rule in u, using only the joint density.
        var frame = IntegratedDesigns.Frame(name, 5, n: 6, tiny: true);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var layout = design.Layout;
        Assert.InRange(layout.EffectCount, 2, 3);
        var (beta, factors, logSigma) = RandomPoint(design, new RandomStream(5, 5));
        for (int i = 0; i < factors.Length; i++) factors[i] *= 0.5; // keep the likelihood in u wide enough for a fixed rule
        double sigma = Math.Exp(logSigma);
        var rule = GaussHermite.Create(60);
        var zl = IntegratedDesigns.DenseZ(frame, layout) * IntegratedDesigns.DenseLambda(layout, factors);
        var e = IntegratedDesigns.Response(frame) - IntegratedDesigns.DenseX(frame) * Vector<double>.Build.DenseOfArray(beta);
        int q = layout.EffectCount, n = frame.ObservationCount, total = (int)Math.Pow(rule.Count, q);
        double sum = 0;
        var u = Vector<double>.Build.Dense(q);
        for (int index = 0; index < total; index++)
        {
            double weight = 1;
            for (int d = 0, rest = index; d < q; d++, rest /= rule.Count)
            {
                u[d] = rule.Nodes[rest % rule.Count];
                weight *= rule.Weights[rest % rule.Count];
            }
            var r = e - zl * u;
            double logLik = 0;
            for (int i = 0; i < n; i++) logLik += -0.5 * Math.Log(2 * Math.PI * sigma * sigma) - 0.5 * r[i] * r[i] / (sigma * sigma);
            sum += weight * Math.Exp(logLik);
        }
        var marginal = new GaussianMarginal(design);
        Assert.Equal(Math.Log(sum), marginal.Evaluate(beta, factors, logSigma, [], [], out _), 2e-7);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        foreach (bool restricted in new[] { false, true })
            for (int seed = 1; seed <= 3; seed++)
            {
                var frame = IntegratedDesigns.Frame(name, seed);
                var design = GaussianMarginalDesign.FromFrame(frame);
                var layout = design.Layout;
                var marginal = new GaussianMarginal(design, restricted);
                var (beta, factors, logSigma) = RandomPoint(design, new RandomStream((ulong)seed, 6));
                // x = (β unless restricted, every lower-triangle factor entry, log σ when there is one).
                var factorIndex = new List<int>();
                for (int t = 0; t < layout.Terms.Count; t++)
                    for (int a = 0; a < layout.Coefficients[t]; a++)
                        for (int c = 0; c <= a; c++)
                            if (a == c || layout.Terms[t].Correlated) factorIndex.Add(layout.FactorOffset[t] + a * layout.Coefficients[t] + c);
                int pb = restricted ? 0 : beta.Length;
                var x = beta.Take(pb).Concat(factorIndex.Select(i => factors[i])).Append(logSigma).ToArray();
                double F(double[] v)
                {
                    var f = (double[])factors.Clone();
                    for (int i = 0; i < factorIndex.Count; i++) f[factorIndex[i]] = v[pb + i];
                    return marginal.Evaluate(restricted ? [] : v[..pb], f, v[^1], [], [], out _);
                }
                var gb = new double[beta.Length];
                var gf = new double[layout.FactorLength];
                marginal.Evaluate(restricted ? [] : beta, factors, logSigma, gb, gf, out double gs);
                var analytic = gb.Take(pb).Concat(factorIndex.Select(i => gf[i])).Append(gs).ToArray();
                for (int i = 0; i < x.Length; i++)
                {
                    double numeric = NumericalCheck.Derivative(F, x, i);
                    Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 * (1 + Math.Abs(numeric)),
                        $"{name}, restricted {restricted}, seed {seed}, coordinate {i}: analytic {analytic[i]}, numeric {numeric}");
                }
                if (!design.HasSigma) Assert.Equal(0.0, gs);
            }
    }

    [Theory]
    [InlineData("one factor", typeof(BlockDiagonalCholesky))]
    [InlineData("correlated slopes", typeof(BlockDiagonalCholesky))]
    [InlineData("wide slopes", typeof(BlockDiagonalCholesky))]
    [InlineData("nested", typeof(BlockDiagonalCholesky))]
    [InlineData("crossed", typeof(BlockDiagonalCholesky))]
    [InlineData("wide crossed", typeof(SparseCholesky))]
    [InlineData("three terms", typeof(DenseCholesky))]
    public void FactorChosenByStructureGivesTheDenseValueAndGradient(string name, Type chosen)
    {
        // The factor chosen from the system's structure (independent blocks, fill) against the dense one on the same system:
        // the same log density, gradient, conditional mean and restricted likelihood up to rounding.
        for (int seed = 1; seed <= 3; seed++)
        {
            var frame = IntegratedDesigns.Frame(name, seed, n: name.StartsWith("wide", StringComparison.Ordinal) ? 200 : 40);
            var design = GaussianMarginalDesign.FromFrame(frame);
            var (beta, factors, logSigma) = RandomPoint(design, new RandomStream((ulong)seed, 9));
            foreach (bool restricted in new[] { false, true })
            {
                var auto = new GaussianMarginal(design, restricted);
                var dense = new GaussianMarginal(design, restricted, CholeskyKind.Dense);
                if (!restricted) Assert.IsType(chosen, auto.Factor);
                Assert.IsType<DenseCholesky>(dense.Factor);
                var inputBeta = restricted ? [] : beta;
                var gb = new double[2][];
                var gf = new double[2][];
                var gs = new double[2];
                var values = new double[2];
                var evaluators = new[] { auto, dense };
                for (int m = 0; m < 2; m++)
                {
                    gb[m] = new double[beta.Length];
                    gf[m] = new double[design.Layout.FactorLength];
                    values[m] = evaluators[m].Evaluate(inputBeta, factors, logSigma, gb[m], gf[m], out gs[m]);
                }
                Assert.Equal(values[1], values[0], 1e-10 * Math.Abs(values[1]));
                Assert.Equal(gs[1], gs[0], 1e-9 * (1 + Math.Abs(gs[1])));
                for (int i = 0; i < beta.Length; i++) Assert.Equal(gb[1][i], gb[0][i], 1e-9 * (1 + Math.Abs(gb[1][i])));
                for (int i = 0; i < gf[0].Length; i++) Assert.Equal(gf[1][i], gf[0][i], 1e-9 * (1 + Math.Abs(gf[1][i])));
                for (int i = 0; i < design.Layout.EffectCount; i++) Assert.Equal(dense.EffectMean[i], auto.EffectMean[i], 1e-9);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void ConditionalMeanIsTheClosedForm(string name)
    {
        var frame = IntegratedDesigns.Frame(name, 2);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var marginal = new GaussianMarginal(design);
        var (beta, factors, logSigma) = RandomPoint(design, new RandomStream(2, 8));
        marginal.Evaluate(beta, factors, logSigma, [], [], out _);
        var (mean, _) = IntegratedDesigns.DenseConditional(frame, design.Layout, beta, factors, Math.Exp(logSigma));
        for (int i = 0; i < mean.Count; i++) Assert.Equal(mean[i], marginal.EffectMean[i], 1e-9);
    }

    [Theory]
    [InlineData("nested")]
    [InlineData("correlated slopes")]
    [InlineData("three terms")]
    public void ConditionalDrawsHaveTheClosedFormMeanAndCovariance(string name)
    {
        var frame = IntegratedDesigns.Frame(name, 3);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var marginal = new GaussianMarginal(design);
        var (beta, factors, logSigma) = RandomPoint(design, new RandomStream(3, 9));
        marginal.Evaluate(beta, factors, logSigma, [], [], out _);
        var (mean, covariance) = IntegratedDesigns.DenseConditional(frame, design.Layout, beta, factors, Math.Exp(logSigma));
        int q = mean.Count, draws = 20000;
        var rng = new RandomStream(11, 1);
        var b = new double[q];
        var sum = new double[q];
        var cross = new double[q, q];
        for (int m = 0; m < draws; m++)
        {
            marginal.DrawEffects(rng, b);
            for (int i = 0; i < q; i++)
            {
                double di = b[i] - mean[i];
                sum[i] += di;
                for (int j = 0; j <= i; j++) cross[i, j] += di * (b[j] - mean[j]);
            }
        }
        for (int i = 0; i < q; i++)
        {
            // Mean: z = (x̄ − μ) / sqrt(Σ_ii / M); covariance: (S_ij − Σ_ij) / sqrt((Σ_ii Σ_jj + Σ_ij²) / M).
            double z = sum[i] / draws / Math.Sqrt(covariance[i, i] / draws);
            Assert.True(Math.Abs(z) < 4.5, $"mean of effect {i}: z = {z}");
            for (int j = 0; j <= i; j++)
            {
                double se = Math.Sqrt((covariance[i, i] * covariance[j, j] + covariance[i, j] * covariance[i, j]) / draws);
                double zc = (cross[i, j] / draws - covariance[i, j]) / se;
                Assert.True(Math.Abs(zc) < 4.5, $"covariance ({i}, {j}): z = {zc}");
            }
        }
    }

    [Fact]
    public void AZeroVarianceIsAValidPoint()
    {
        // lme4's singular fits: an sd of 0 makes Λ singular, but H = ΛᵀZᵀWZΛ/σ² + I stays positive definite.
        var frame = IntegratedDesigns.Frame("nested", 4);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var marginal = new GaussianMarginal(design);
        var (beta, factors, logSigma) = RandomPoint(design, new RandomStream(4, 1));
        factors[design.Layout.FactorOffset[1]] = 0;
        double value = marginal.Evaluate(beta, factors, logSigma, new double[2], new double[design.Layout.FactorLength], out _);
        Assert.Equal(IntegratedDesigns.DenseLogDensity(frame, design.Layout, beta, factors, Math.Exp(logSigma)), value, 1e-9 * Math.Abs(value));
    }

    [Fact]
    public void EvaluationAllocatesNothing()
    {
        var frame = IntegratedDesigns.Frame("three terms", 1, n: 200);
        var design = GaussianMarginalDesign.FromFrame(frame);
        foreach (bool restricted in new[] { false, true })
        {
            var marginal = new GaussianMarginal(design, restricted);
            var (beta, factors, logSigma) = RandomPoint(design, new RandomStream(1, 1));
            var gb = new double[2];
            var gf = new double[design.Layout.FactorLength];
            marginal.Evaluate(beta, factors, logSigma, gb, gf, out _);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < 3; r++) marginal.Evaluate(beta, factors, logSigma, gb, gf, out _);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }
}
