// Every real family × link inside the GLMM: analytic gradient against finite differences, with correlated slopes, crossed groups, offsets and trials.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Tests.Families;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class FamilyGlmmGradientTests
{
    public static IEnumerable<object[]> Cases() => FamilyCase.Cases();

    /// <summary>A random frame with the case's response, random fixed columns and the given terms.</summary>
    private static ModelFrame Frame(RandomStream rng, FamilyCase c, int n, IReadOnlyList<TermSpec> terms, bool offset)
    {
        var template = ModelBuilder.Random(rng, n, 1 + rng.Next(3), true, terms, new GaussianIdentity(), offset);
        return template with { Response = c.Data(rng, n), Offset = template.Offset?.Select(v => 0.1 * v).ToArray() };
    }

    /// <summary>A position whose linear predictor stays inside the case's valid range: small slopes and sd, intercept mid-range.</summary>
    private static double[] Position(GlmmModel model, FamilyCase c, RandomStream rng)
    {
        var s = model.Structure;
        var x = ModelBuilder.RandomPosition(model, rng);
        double mid = 0.5 * (c.EtaLow + c.EtaHigh);
        for (int j = 0; j < s.FixedCount; j++) x[j] = j == s.InterceptColumn ? mid : rng.NextUniform(-0.1, 0.1);
        var theta = c.Theta(rng);
        for (int i = 0; i < s.FamilyParameters.Count; i++) x[s.FamilyOffset + i] = Math.Log(theta[i] - s.FamilyParameters[i].LowerBound);
        foreach (var block in s.Blocks.Cast<NormalEffects>())
            for (int k = 0; k < block.CoefficientCount; k++) x[block.LogSdOffset + k] = rng.NextUniform(-3, -2);
        return x;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string spec)
    {
        var c = FamilyCase.Named(spec);
        NumericalCheck.ForSeeds(12, seed =>
        {
            var rng = new RandomStream((ulong)seed, 21);
            IReadOnlyList<TermSpec> terms = rng.Next(3) switch
            {
                0 => [new TermSpec("g", 2 + rng.Next(5), 2 + rng.Next(2))],
                1 => [new TermSpec("g", 2 + rng.Next(4), 2, Correlated: false), new TermSpec("h", 2 + rng.Next(4), 1)],
                _ => [new TermSpec("a", 2 + rng.Next(3), 1), new TermSpec("a:b", 2, 2, NestedIn: 0)],
            };
            var frame = Frame(rng, c, 10 + rng.Next(40), terms, offset: rng.Next(2) == 0);
            var model = GlmmModel.Create(frame, c.CreateFamily(), [], new GlmmOptions { MinimumSegmentLength = 2 });
            var x = Position(model, c, rng);
            NumericalCheck.AssertGradient(model.Create(), x, 1e-5);
        });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PartsAndPointwiseAgree(string spec)
    {
        var c = FamilyCase.Named(spec);
        var rng = new RandomStream(4, 22);
        var frame = Frame(rng, c, 30, [new TermSpec("g", 4, 2)], offset: true);
        var model = GlmmModel.Create(frame, c.CreateFamily(), []);
        var x = Position(model, c, rng);
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(x, o, rng);
        var ll = new double[model.ObservationCount];
        model.PointwiseLogLikelihood(o, ll);
        var parts = model.EvaluateParts(x);
        Assert.Equal(ll.Sum(), parts.LogLikelihood, 1e-9 * (1 + Math.Abs(parts.LogLikelihood)));
        Assert.Equal(model.LogPrior(o), parts.LogPrior, 1e-9 * (1 + Math.Abs(parts.LogPrior)));
        var replicate = new double[model.ObservationCount];
        model.ReplicateResponse(o, rng, replicate);
        Assert.All(replicate, v => Assert.True(double.IsFinite(v)));
    }
}
