// The cumulative and categorical families against finite differences with correlated slopes, Student-t effects, crossed and nested terms and offsets.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

/// <summary>
/// The gradient of a GLMM whose family has several thresholds (cumulative) or several linear predictors
/// (categorical) runs through the same group-level blocks as the one-predictor families: correlated slopes
/// (the Cholesky factor's chain rule), Student-t effects (the per-level scales), several terms and an offset.
/// Each structure is checked at random positions on random frames.
/// </summary>
public sealed class MultiCategoryGradientTests
{
    /// <summary>The group-level structures: correlated slopes, Student-t intercepts and slopes, crossed and nested terms.</summary>
    private static IReadOnlyList<TermSpec> Terms(int structure, RandomStream rng) => structure switch
    {
        0 => [new TermSpec("g", 2 + rng.Next(5), 2 + rng.Next(2))],
        1 => [new TermSpec("g", 2 + rng.Next(5), 1, Student: true)],
        2 => [new TermSpec("g", 2 + rng.Next(4), 2, Student: true)],
        3 => [new TermSpec("g", 2 + rng.Next(4), 2, Correlated: false, Student: true), new TermSpec("h", 2 + rng.Next(4), 2)],
        4 => [new TermSpec("a", 2 + rng.Next(3), 2), new TermSpec("a:b", 2, 1, NestedIn: 0, Student: true)],
        5 => [new TermSpec("g", 2 + rng.Next(4), 3, Correlated: false), new TermSpec("h", 2 + rng.Next(4), 2)],
        _ => [new TermSpec("a", 2 + rng.Next(3), 2), new TermSpec("a:b", 2, 2, NestedIn: 0)],
    };

    public static TheoryData<int> Structures() => [0, 1, 2, 3, 4];

    /// <summary>The structures with normal effects only (the categorical family refuses Student-t effects).</summary>
    public static TheoryData<int> NormalStructures() => [0, 5, 6];

    /// <summary>A random frame with the structure's terms, an offset on every other seed and a response of K categories.</summary>
    private static ModelFrame Frame(RandomStream rng, int structure, int categories, bool levels)
    {
        int n = 12 + rng.Next(40);
        var frame = ModelBuilder.Random(rng, n, 2 + rng.Next(3), true, Terms(structure, rng), new GaussianIdentity(), offset: rng.Next(2) == 0);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = i < categories ? i : rng.Next(categories);
        // Codes 0..K−1 with level names (a text response), or the integers 1..K.
        var response = levels
            ? new ResponseData { Name = "y", Values = y, Levels = Enumerable.Range(0, categories).Select(k => ((char)('a' + k)).ToString()).ToArray() }
            : new ResponseData { Name = "y", Values = y.Select(v => v + 1).ToArray() };
        return frame with { Response = response };
    }

    /// <summary>Default priors or given ones for the intercepts, slopes and sds, at random.</summary>
    private static PriorSpec[] Priors(RandomStream rng) => rng.Next(2) == 0 ? []
        : [PriorSpec.Parse("Intercept ~ normal(0, 3)"), PriorSpec.Parse("b ~ normal(0, 2)"), PriorSpec.Parse("sd ~ exponential(1)")];

    [Theory]
    [MemberData(nameof(Structures))]
    public void CumulativeGradientMatchesFiniteDifferences(int structure)
    {
        NumericalCheck.ForSeeds(8, seed =>
        {
            var rng = new RandomStream((ulong)seed, 71, (ulong)structure);
            var frame = Frame(rng, structure, 3 + rng.Next(3), levels: rng.Next(2) == 0);
            string link = rng.Next(2) == 0 ? "logit" : "probit";
            var priors = Priors(rng);
            var model = GlmmModel.Create(frame, FamilySpec.Parse($"cumulative({link})"), priors, new GlmmOptions { MinimumSegmentLength = 1 + rng.Next(3) });
            Assert.Equal(frame.Groups.Any(g => g.Distribution == RandomEffectDistribution.Student), model.OutputNames.Any(v => v.StartsWith("df_", StringComparison.Ordinal)));
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng), 1e-5);
        });
    }

    [Theory]
    [MemberData(nameof(NormalStructures))]
    public void CategoricalGradientMatchesFiniteDifferences(int structure)
    {
        NumericalCheck.ForSeeds(8, seed =>
        {
            var rng = new RandomStream((ulong)seed, 72, (ulong)structure);
            var frame = Frame(rng, structure, 2 + rng.Next(3), levels: rng.Next(2) == 0);
            var priors = Priors(rng);
            var options = new GlmmOptions { MinimumSegmentLength = 1 + rng.Next(3), CenterPredictors = rng.Next(4) != 0 };
            var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), priors, options);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng), 1e-5);
        });
    }

    [Theory]
    [MemberData(nameof(Structures))]
    public void CategoricalRefusesStudentEffectsByName(int structure)
    {
        var rng = new RandomStream(5, 73, (ulong)structure);
        var frame = Frame(rng, structure, 3, levels: true);
        var student = frame.Groups.FirstOrDefault(g => g.Distribution == RandomEffectDistribution.Student);
        if (student is null)
        {
            Assert.NotNull(GlmmModel.Create(frame, FamilySpec.Parse("categorical"), []));
            return;
        }
        var e = Assert.Throws<InputException>(() => GlmmModel.Create(frame, FamilySpec.Parse("categorical"), []));
        Assert.Contains(student.Text, e.Message, StringComparison.Ordinal);
        Assert.Contains("normal group-level effects only", e.Message, StringComparison.Ordinal);
    }
}
