// The integrated and quadrature routes inside the model: gradients on nested and crossed designs, equal priors and names, clear refusals.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Integrated;

public sealed class IntegratedRouteTests
{
    private static readonly GlmmOptions Integrated = new() { Effects = EffectsRoute.Integrated };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientMatchesFiniteDifferencesOnCrossedAndNestedDesigns(bool nested) =>
        NumericalCheck.ForSeeds(6, seed =>
        {
            var rng = new RandomStream((ulong)seed, 181);
            TermSpec[] terms = nested
                ? [new TermSpec("g", 3, 2), new TermSpec("h", 2, 1, NestedIn: 0)]
                : [new TermSpec("g", 4, 2), new TermSpec("h", 3, 1), new TermSpec("k", 3, 2, Correlated: false)];
            var frame = ModelBuilder.Random(rng, 30, 2, true, terms, new GaussianIdentity(), offset: true);
            var model = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), [], Integrated);
            Assert.IsType<IntegratedNormalEffects>(Assert.Single(model.Structure.Blocks));
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng, 0.8), 2e-5);
        });

    [Fact]
    public void BothRoutesReportTheSameNamesAndPriors()
    {
        var rng = new RandomStream(3, 182);
        var frame = ModelBuilder.Random(rng, 40, 2, true, [new TermSpec("g", 4, 2), new TermSpec("h", 3, 1)], new GaussianIdentity());
        var joint = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), []);
        var integrated = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), [], Integrated);
        Assert.Equal(joint.OutputNames, integrated.OutputNames);
        Assert.Equal(joint.PriorsUsed, integrated.PriorsUsed);
        Assert.Equal(joint.PriorTerms, integrated.PriorTerms);
        var outputs = new double[joint.OutputNames.Count];
        for (int d = 0; d < 20; d++)
        {
            joint.DrawFromPrior(rng, outputs);
            Assert.Equal(joint.LogPrior(outputs), integrated.LogPrior(outputs), 1e-12);
        }
    }

    /// <summary>
    /// With one grouping factor the clusters are independent given b and σ: the per-level likelihoods (the leave-one-cluster-out
    /// LOO's, by the Woodbury identity per level) sum to the integrated likelihood of the sparse factor, and the draw's effects
    /// take the joint route's names.
    /// </summary>
    [Fact]
    public void ClusterLikelihoodsSumToTheIntegratedLikelihood()
    {
        var rng = new RandomStream(4, 183);
        var frame = ModelBuilder.Random(rng, 24, 2, true, [new TermSpec("g", 3, 2)], new GaussianIdentity());
        var joint = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), []);
        var integrated = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), [], Integrated);
        var x = ModelBuilder.RandomPosition(integrated, rng, 0.5);
        double marginal = integrated.EvaluateParts(x).LogLikelihood;
        var outputs = new double[integrated.OutputNames.Count];
        var clusters = new double[3];
        integrated.WriteOutputs(x, outputs, rng);
        integrated.ClusterLikelihood!.Compute(outputs, clusters);
        Assert.Equal(marginal, clusters.Sum(), 1e-8 * (1 + Math.Abs(marginal)));
        Assert.Equal(joint.OutputNames, integrated.OutputNames);
    }

    [Fact]
    public void RoutesThatCannotTakeTheModelSaySo()
    {
        var rng = new RandomStream(5, 184);
        var poisson = ModelBuilder.Random(rng, 30, 2, true, [new TermSpec("g", 4, 1)], new PoissonLog());
        var e = Assert.Throws<InputException>(() => GlmmModel.Create(poisson, FamilySpec.Parse("poisson"), [], Integrated));
        Assert.Contains("gaussian(identity)", e.Message);
        var two = ModelBuilder.Random(rng, 30, 2, true, [new TermSpec("g", 4, 1), new TermSpec("h", 3, 1)], new PoissonLog());
        e = Assert.Throws<InputException>(() => GlmmModel.Create(two, FamilySpec.Parse("poisson"), [], new GlmmOptions { Effects = EffectsRoute.Quadrature }));
        Assert.Contains("one grouping factor", e.Message);
        var student = ModelBuilder.Random(rng, 30, 2, true, [new TermSpec("g", 4, 1, Student: true)], new GaussianIdentity());
        e = Assert.Throws<InputException>(() => GlmmModel.Create(student, FamilySpec.Parse("gaussian"), [], Integrated));
        Assert.Contains("joint route", e.Message);
        // Beside a smooth the effects stay joint: auto takes the joint route, integrated says so.
        var smooth = RandomEffects.SmoothFrames.WithSmooth(ModelBuilder.Random(rng, 40, 1, true, [new TermSpec("g", 4, 1)], new GaussianIdentity()), rng);
        Assert.Equal(EffectsRoute.Joint, GlmmModel.Create(smooth, FamilySpec.Parse("gaussian"), [], new GlmmOptions { Effects = EffectsRoute.Auto }).Route);
        e = Assert.Throws<InputException>(() => GlmmModel.Create(smooth, FamilySpec.Parse("gaussian"), [], Integrated));
        Assert.Contains("smooth terms", e.Message);
    }

    [Fact]
    public void QuadratureErrorShrinksWithMoreNodes()
    {
        var rng = new RandomStream(6, 185);
        var frame = ModelBuilder.Random(rng, 40, 2, true, [new TermSpec("g", 8, 1)], new PoissonLog());
        double Error(int nodes)
        {
            var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [], new GlmmOptions { Effects = EffectsRoute.Quadrature, QuadratureNodes = nodes });
            var x = ModelBuilder.RandomPosition(model, new RandomStream(7, 186), 0.5);
            var outputs = new double[model.OutputNames.Count];
            model.WriteOutputs(x, outputs, new RandomStream(8, 187));
            Assert.IsType<QuadratureEffects>(Assert.Single(model.Structure.Blocks));
            return Math.Abs(model.QuadratureError(outputs)!.Value);
        }
        double laplace = Error(1), seven = Error(7);
        Assert.True(seven < laplace, $"K = 7 error {seven:G3}, Laplace {laplace:G3}");
        Assert.True(seven < 1e-4, $"K = 7 against 14: {seven:G3}");
    }
}
