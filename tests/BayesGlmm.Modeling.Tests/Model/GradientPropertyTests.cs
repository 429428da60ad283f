// Property tests: the analytic gradient of the GLMM log density equals central finite differences on random data and points.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class GradientPropertyTests
{
    private static readonly TestFamily[] Families = [new GaussianIdentity(), new PoissonLog(), new BinomialLogit(), new StudentIdentity()];

    private static void Check(int seeds, Func<RandomStream, IReadOnlyList<TermSpec>> terms, bool offset = false,
        Func<RandomStream, IReadOnlyList<PriorSpec>>? priors = null, GlmmOptions? options = null, bool intercept = true)
    {
        NumericalCheck.ForSeeds(seeds, seed =>
        {
            var rng = new RandomStream((ulong)seed, 1);
            var family = Families[rng.Next(Families.Length)];
            int n = 10 + rng.Next(50);
            int p = rng.Next(4) + (intercept ? 1 : 0);
            var frame = ModelBuilder.Random(rng, n, p, intercept, terms(rng), family, offset);
            var model = GlmmModel.Create(frame, family, priors?.Invoke(rng) ?? [], options);
            var x = ModelBuilder.RandomPosition(model, rng);
            NumericalCheck.AssertGradient(model.Create(), x);
        });
    }

    [Fact]
    public void FixedEffectsOnly() => Check(30, _ => []);

    [Fact]
    public void FixedEffectsWithoutIntercept() => Check(15, _ => [], intercept: false);

    [Fact]
    public void RandomIntercepts() => Check(30, rng => [new TermSpec("g", 1 + rng.Next(8), 1)]);

    [Fact]
    public void CorrelatedSlopesK2() => Check(30, rng => [new TermSpec("g", 1 + rng.Next(8), 2)]);

    [Fact]
    public void CorrelatedSlopesK3() => Check(30, rng => [new TermSpec("g", 1 + rng.Next(8), 3)]);

    [Fact]
    public void CorrelatedSlopesK4() => Check(10, rng => [new TermSpec("g", 2 + rng.Next(5), 4)]);

    [Fact]
    public void UncorrelatedSlopes() => Check(30, rng => [new TermSpec("g", 1 + rng.Next(8), 1 + rng.Next(3), Correlated: false)]);

    [Fact]
    public void CrossedGroupingFactors() =>
        Check(30, rng => [new TermSpec("a", 2 + rng.Next(5), 1 + rng.Next(2)), new TermSpec("b", 2 + rng.Next(5), 1 + rng.Next(3), rng.Next(2) == 0)]);

    [Fact]
    public void NestedGroupingFactors() =>
        Check(30, rng => [new TermSpec("a", 2 + rng.Next(4), 1 + rng.Next(2)), new TermSpec("a:b", 2 + rng.Next(3), 1, NestedIn: 0)]);

    [Fact]
    public void OffsetsAndTrials() => Check(30, rng => [new TermSpec("g", 2 + rng.Next(6), 1 + rng.Next(2))], offset: true);

    [Fact]
    public void SortedSegmentsAndCentringOff() =>
        Check(20, rng => [new TermSpec("g", 2 + rng.Next(3), 1 + rng.Next(3)), new TermSpec("h", 2, 1)],
            options: new GlmmOptions { MinimumSegmentLength = 2 });

    [Fact]
    public void WithoutCentringOrSorting() =>
        Check(20, rng => [new TermSpec("g", 2 + rng.Next(3), 2)], options: new GlmmOptions { CenterPredictors = false, SortObservations = false });

    [Fact]
    public void InterceptPriorOnTheUncentredIntercept() =>
        Check(20, rng => [new TermSpec("g", 2 + rng.Next(3), 1 + rng.Next(2))], priors: _ => [PriorSpec.Parse("Intercept ~ normal(1, 2)")],
            options: new GlmmOptions { Center = false });

    [Fact]
    public void CentredInterceptPriorWithoutInternalCentring() =>
        Check(20, rng => [new TermSpec("g", 2 + rng.Next(3), 1 + rng.Next(2))], priors: _ => [PriorSpec.Parse("Intercept ~ student_t(3, 1, 2)")],
            options: new GlmmOptions { CenterPredictors = false });

    private static readonly string[] PositivePriors =
    [
        "normal(0, 2)", "normal(0.5, 1)", "student_t(3, 0, 2.5)", "student_t(5, 1, 2)", "cauchy(0, 1)", "cauchy(-1, 2)",
        "exponential(1.5)", "gamma(2, 1)", "inv_gamma(3, 2)", "lognormal(0, 1)", "uniform(0, 10)",
    ];

    private static readonly string[] RealPriors =
        ["normal(0, 2)", "student_t(3, 1, 2.5)", "cauchy(0, 3)", "uniform(-20, 20)", "normal(1, 10)"];

    [Fact]
    public void EveryPriorDistribution()
    {
        NumericalCheck.ForSeeds(60, seed =>
        {
            var rng = new RandomStream((ulong)seed, 3);
            string Pick(string[] list) => list[rng.Next(list.Length)];
            var family = Families[rng.Next(Families.Length)];
            int k = 1 + rng.Next(3);
            bool correlated = k > 1 && rng.Next(3) > 0;
            var frame = ModelBuilder.Random(rng, 10 + rng.Next(40), 1 + rng.Next(3), true, [new TermSpec("g", 2 + rng.Next(5), k, correlated)], family);
            string b = "b ~ " + Pick(RealPriors);
            var priors = new List<PriorSpec>
            {
                PriorSpec.Parse("Intercept ~ " + Pick(RealPriors)),
                PriorSpec.Parse("sd ~ " + Pick(PositivePriors)),
                PriorSpec.Parse("sd_g__Intercept ~ " + Pick(PositivePriors)),
            };
            if (correlated) priors.Add(PriorSpec.Parse($"cor ~ lkj({0.5 + 3 * rng.NextDouble()})"));
            if (frame.Fixed.X.Columns > 1) priors.Add(PriorSpec.Parse(b)); // brms: with an implicit intercept, b covers the slopes only
            var model = GlmmModel.Create(frame, family, priors, new GlmmOptions { Center = rng.Next(3) > 0 });
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng));
        });
    }

    [Fact]
    public void FamilyParameterPriors()
    {
        NumericalCheck.ForSeeds(30, seed =>
        {
            var rng = new RandomStream((ulong)seed, 2);
            TestFamily family = rng.Next(2) == 0 ? new StudentIdentity() : new GaussianIdentity();
            var frame = ModelBuilder.Random(rng, 30, 2, true, [new TermSpec("g", 4, 2)], family);
            var priors = new List<PriorSpec> { PriorSpec.Parse("sigma ~ " + PositivePriors[rng.Next(PositivePriors.Length)]) };
            if (family is StudentIdentity)
                priors.Add(PriorSpec.Parse("nu ~ " + new[] { "gamma(2, 0.1)", "exponential(0.1)", "normal(5, 10)", "cauchy(1, 5)", "lognormal(2, 1)" }[rng.Next(5)]));
            var model = GlmmModel.Create(frame, family, priors);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng));
        });
    }
}
