// The general Laplace approximation: exact for the gaussian family, equal to one-node quadrature for one scalar term, and equal to dense algebra on crossed and correlated designs.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Tests.Integrated;

public sealed class LaplaceMarginalTests
{
    private static double[] FixedPredictor(ModelFrame frame, double[] beta) =>
        Enumerable.Range(0, frame.ObservationCount).Select(i => beta[0] * frame.Fixed.X[i, 0] + beta[1] * frame.Fixed.X[i, 1] + (frame.Offset?[i] ?? 0)).ToArray();

    [Theory]
    [InlineData("one factor")]
    [InlineData("nested")]
    [InlineData("crossed")]
    [InlineData("correlated slopes")]
    [InlineData("three terms")]
    [InlineData("known se")]
    public void IsExactForTheGaussianFamily(string name)
    {
        var frame = IntegratedDesigns.Frame(name, 11);
        var design = GaussianMarginalDesign.FromFrame(frame);
        var rng = new RandomStream(11, 2);
        var factors = IntegratedDesigns.RandomFactors(design.Layout, rng);
        double[] beta = [1.1, 0.3];
        double sigma = 0.9;
        double exact = new GaussianMarginal(design).Evaluate(beta, factors, Math.Log(sigma), [], [], out _);
        var laplace = new LaplaceMarginal(ObservationDerivatives.For(new GaussianFamily(), frame.Response), design.Blocks);
        double[] theta = frame.Response.KnownStandardErrors is null ? [sigma] : [];
        var eta = FixedPredictor(frame, beta);
        Assert.Equal(exact, laplace.Evaluate(eta, factors, theta), 1e-9 * Math.Abs(exact));
        // Warm-started from the previous mode, the second evaluation finds the same value.
        Assert.Equal(exact, laplace.Evaluate(eta, factors, theta), 1e-9 * Math.Abs(exact));
    }

    [Theory]
    [InlineData("poisson")]
    [InlineData("binomial")]
    [InlineData("negbinomial")]
    public void OneScalarTermMatchesOneNodeQuadrature(string familyName)
    {
        var frame = CountFrame("one factor", familyName, 3);
        var family = FamilySpec.Parse(familyName);
        var blocks = new EffectBlocks(frame.Groups, frame.ObservationCount);
        double[] theta = familyName == "negbinomial" ? [3.0] : [];
        var eta = FixedPredictor(frame, [0.2, 0.3]);
        double sd = 0.8;
        var laplace = new LaplaceMarginal(ObservationDerivatives.For(family, frame.Response), blocks);
        var agq = new AdaptiveGaussHermite(ObservationDerivatives.For(family, frame.Response), frame.Groups[0].LevelOfObservation, frame.Groups[0].LevelCount, null, 1);
        double expected = agq.Evaluate(eta, Math.Log(sd), theta, [], out _, []);
        Assert.Equal(expected, laplace.Evaluate(eta, [sd], theta), 1e-9 * Math.Abs(expected));
    }

    [Theory]
    [InlineData("crossed")]
    [InlineData("correlated slopes")]
    [InlineData("three terms")]
    public void MatchesDenseAlgebraOnSeveralTerms(string name)
    {
        // Mode by dense Newton on Σ ℓ(η + ZΛu) − ½uᵀu, then Σ ℓ − ½ûᵀû − ½ log det(I + ΛᵀZᵀWZΛ), all with MathNet.
        var frame = CountFrame(name, "poisson", 5);
        var family = FamilySpec.Parse("poisson");
        var blocks = new EffectBlocks(frame.Groups, frame.ObservationCount);
        var factors = IntegratedDesigns.RandomFactors(blocks.Layout, new RandomStream(5, 5));
        for (int i = 0; i < factors.Length; i++) factors[i] *= 0.6;
        var eta = FixedPredictor(frame, [0.4, 0.2]);
        var table = ObservationDerivatives.For(family, frame.Response);
        var laplace = new LaplaceMarginal(table.Copy(), blocks);
        double value = laplace.Evaluate(eta, factors, []);

        var zl = IntegratedDesigns.DenseZ(frame, blocks.Layout) * IntegratedDesigns.DenseLambda(blocks.Layout, factors);
        int q = blocks.Layout.EffectCount, n = frame.ObservationCount;
        var u = Vector<double>.Build.Dense(q);
        double F(Vector<double> v, out Vector<double> grad, out Matrix<double> hess)
        {
            var e = zl * v;
            var d1 = Vector<double>.Build.Dense(n);
            var w = Vector<double>.Build.Dense(n);
            double f = -0.5 * v.DotProduct(v);
            for (int i = 0; i < n; i++)
            {
                f += table.Value(i, eta[i] + e[i], out double a, out double b, out _);
                d1[i] = a;
                w[i] = -b;
            }
            grad = zl.TransposeThisAndMultiply(d1) - v;
            hess = zl.TransposeThisAndMultiply(Matrix<double>.Build.DiagonalOfDiagonalVector(w) * zl) + Matrix<double>.Build.DenseIdentity(q);
            return f;
        }
        double fv = 0;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            fv = F(u, out var g, out var h);
            u += h.Solve(g);
        }
        fv = F(u, out _, out var hFinal);
        Assert.Equal(fv - 0.5 * hFinal.Cholesky().DeterminantLn, value, 1e-9 * Math.Abs(value));
        for (int i = 0; i < q; i++) Assert.Equal(u[i], laplace.SphericalMode[i], 1e-7);
    }

    /// <summary>A design from <see cref="IntegratedDesigns"/> with a count or binomial response drawn from it.</summary>
    internal static ModelFrame CountFrame(string name, string family, int seed)
    {
        var frame = IntegratedDesigns.Frame(name, seed);
        var rng = new RandomStream((ulong)seed, 99);
        int n = frame.ObservationCount;
        var y = new double[n];
        double[]? trials = family == "binomial" ? Enumerable.Range(0, n).Select(_ => (double)(2 + rng.Next(8))).ToArray() : null;
        for (int i = 0; i < n; i++)
        {
            double eta = 0.3 + 0.25 * frame.Fixed.X[i, 1] + rng.NextNormal(0, 0.6);
            y[i] = family == "binomial" ? rng.NextBinomial(1 / (1 + Math.Exp(-eta)), (int)trials![i]) : rng.NextPoisson(Math.Exp(eta));
        }
        return frame with { Response = new ResponseData { Name = "y", Values = y, Trials = trials }, Offset = null };
    }
}
