// The objectives the estimator minimises (gradients against finite differences), lme4's θ, and the methods' agreement where they must agree.
using BayesGlmm.Modeling.Estimation;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Tests.Integrated;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Estimation;

public sealed class EstimationTests
{
    [Theory]
    [InlineData("one factor", true)]
    [InlineData("nested", false)]
    [InlineData("crossed", true)]
    [InlineData("correlated slopes", false)]
    [InlineData("correlated slopes", true)]
    [InlineData("three terms", true)]
    [InlineData("known se", false)]
    [InlineData("known se", true)]
    public void ProfiledCriterionGradientMatchesFiniteDifferences(string name, bool restricted)
    {
        var frame = IntegratedDesigns.Frame(name, 21);
        var deviance = new ProfiledGaussianDeviance(GaussianMarginalDesign.FromFrame(frame), restricted);
        var rng = new RandomStream(21, 1);
        var theta = deviance.Parameters.Start().Select((v, i) => deviance.Parameters.IsDiagonal(i) ? rng.NextUniform(0.3, 1.5) : rng.NextUniform(-0.5, 0.5)).ToArray();
        var gradient = new double[theta.Length];
        deviance.Evaluate(theta, gradient);
        for (int i = 0; i < theta.Length; i++)
        {
            double numeric = NumericalCheck.Derivative(x => deviance.Evaluate(x, []), theta, i);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"θ_{i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData("poisson", 1)]
    [InlineData("binomial", 5)]
    [InlineData("negbinomial", 3)]
    public void QuadratureObjectiveGradientMatchesFiniteDifferences(string family, int nodes)
    {
        var frame = LaplaceMarginalTests.CountFrame("one factor", family == "binomial" ? "binomial" : "poisson", 8);
        var deviance = new GeneralizedDeviance(frame, ObservationDerivatives.For(FamilySpec.Parse(family), frame.Response), nodes);
        Assert.True(deviance.UsesQuadrature);
        double[] x = family == "negbinomial" ? [0.7, 0.2, 0.3, Math.Log(4)] : [0.7, 0.2, 0.3];
        var gradient = new double[x.Length];
        deviance.Evaluate(x, gradient);
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = NumericalCheck.Derivative(v => deviance.Value(v), x, i);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"{family} coordinate {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void RelativeFactorFollowsLme4sLayout()
    {
        var frame = IntegratedDesigns.Frame("three terms", 1);
        var layout = new EffectLayout(frame.Groups);
        var factor = new RelativeFactor(layout);
        // (1 + x | a): θ11, θ21, θ22; (1 | b): θ; (1 + w || c): two diagonals.
        Assert.Equal(6, factor.Count);
        Assert.Equal([0.0, double.NegativeInfinity, 0.0, 0.0, 0.0, 0.0], factor.LowerBounds);
        double[] theta = [2.0, 0.6, 0.8, 1.5, 0.0, 0.4];
        var (sd, cor) = factor.Moments(0, theta, 10.0);
        Assert.Equal(20.0, sd[0], 12);
        Assert.Equal(10.0, sd[1], 12);       // 10 · sqrt(0.6² + 0.8²)
        Assert.Equal(0.6, cor[0], 12);       // 2 · 0.6 / (2 · 1)
        Assert.True(factor.IsSingular(theta)); // θ for c's intercept is 0
        var (sdC, corC) = factor.Moments(2, theta, 1.0);
        Assert.Equal([0.0, 0.4], sdC);
        Assert.Empty(corC);
    }

    [Fact]
    public void LaplaceForAGaussianModelIsMaximumLikelihood()
    {
        // The Laplace approximation is exact for the gaussian family: its maximum is lmer's ML fit (σ estimated jointly).
        var frame = IntegratedDesigns.Frame("nested", 31, n: 60);
        var ml = MixedModelEstimator.Estimate(frame, new GaussianFamily(), new EstimateOptions(EstimationMethod.Ml));
        var laplace = MixedModelEstimator.Estimate(frame, new GaussianFamily(), new EstimateOptions(EstimationMethod.Laplace));
        Assert.Equal(ml.LogLikelihood, laplace.LogLikelihood, 1e-6);
        foreach (var row in ml.Rows)
        {
            var other = laplace.Rows.Single(r => r.Variable == row.Variable);
            Assert.True(Math.Abs(other.Estimate - row.Estimate) <= 1e-4 * (1 + Math.Abs(row.Estimate)), $"{row.Variable}: ML {row.Estimate}, Laplace {other.Estimate}");
        }
    }

    [Fact]
    public void ModelsOutsideAMethodAreRefusedWithAMessage()
    {
        var counts = LaplaceMarginalTests.CountFrame("crossed", "poisson", 2);
        var reml = Assert.Throws<InputException>(() => MixedModelEstimator.Estimate(counts, new PoissonFamily(), new EstimateOptions(EstimationMethod.Reml)));
        Assert.Contains("--method laplace", reml.Message);
        var agq = Assert.Throws<InputException>(() => MixedModelEstimator.Estimate(counts, new PoissonFamily(), new EstimateOptions(EstimationMethod.Agq, 5)));
        Assert.Contains("exactly one group-level term", agq.Message);
        var none = Assert.Throws<InputException>(() => MixedModelEstimator.Estimate(counts with { Groups = [] }, new PoissonFamily(), new EstimateOptions(EstimationMethod.Laplace)));
        Assert.Contains("at least one group-level term", none.Message);
    }
}
