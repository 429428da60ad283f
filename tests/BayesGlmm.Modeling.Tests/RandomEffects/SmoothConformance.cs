// The block conformance suite for a smooth term's penalised part (SmoothEffects), beside a random intercept.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

/// <summary>A gaussian model y ~ 1 + w1 + s(x, k = 5) + (1 | g): the smooth's block is the one under test.</summary>
public sealed class SmoothConformance : RandomEffectBlockConformance
{
    protected override ModelFrame Frame(RandomStream rng, int levels, int perLevel) =>
        SmoothFrames.WithSmooth(ModelBuilder.Random(rng, levels * perLevel, 1, true, [new TermSpec("g", levels, 1)], new GaussianIdentity()), rng);

    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) => GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), priors);

    protected override bool IsKind(IRandomEffectBlock block) => block is SmoothEffects;

    protected override NewLevelTail ExpectedNewLevelTail => NewLevelTail.None;

    // k = 5 thin plate: one unpenalised column (the linear trend after the centring constraint), three penalised.
    protected override IReadOnlyList<string> ExpectedNames(int levels) => ["bs_sx_1", "sds_sx_1", "s_sx_1[1]", "s_sx_1[2]", "s_sx_1[3]"];

    protected override IReadOnlyList<(string Output, double Lower)> Hyperparameters => [("sds_sx_1", 0.0)];

    protected override IReadOnlyList<PriorSpec> SimulationPriors =>
    [
        PriorSpec.Parse("Intercept ~ normal(3, 0.1)"), PriorSpec.Parse("b ~ normal(0, 0.3)"), PriorSpec.Parse("sigma ~ uniform(0.5, 0.5001)"),
        PriorSpec.Parse("sd ~ uniform(0.8, 0.8001)"), PriorSpec.Parse("sds ~ uniform(1.5, 1.5001)"),
    ];
}
