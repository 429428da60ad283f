// The conformance suite run for the blocks that integrate normal effects out: exactly (gaussian) and by adaptive quadrature.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

/// <summary>A correlated intercept and slope of a gaussian model integrated out exactly.</summary>
public sealed class IntegratedNormalConformance() : NormalKindConformance(2, correlated: true, student: false)
{
    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) =>
        GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), priors, new GlmmOptions { Effects = EffectsRoute.Integrated });

    protected override bool IsKind(IRandomEffectBlock block) => block is IntegratedNormalEffects;
}

/// <summary>A Poisson random intercept with covariates integrated out by 5-node adaptive quadrature.</summary>
public sealed class QuadratureConformance : RandomEffectBlockConformance
{
    protected override NewLevelTail ExpectedNewLevelTail => NewLevelTail.Normal;

    protected override ModelFrame Frame(RandomStream rng, int levels, int perLevel) =>
        ModelBuilder.Random(rng, levels * perLevel, 2, true, [new TermSpec("g", levels, 1)], new PoissonLog());

    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) =>
        GlmmModel.Create(frame, FamilySpec.Parse("poisson"), priors, new GlmmOptions { Effects = EffectsRoute.Quadrature, QuadratureNodes = 5 });

    protected override bool IsKind(IRandomEffectBlock block) => block is QuadratureEffects;

    protected override IReadOnlyList<string> ExpectedNames(int levels) =>
        ["sd_g__Intercept", .. Enumerable.Range(1, levels).Select(l => $"r_g[L{l},Intercept]")];

    protected override IReadOnlyList<(string Output, double Lower)> Hyperparameters => [("sd_g__Intercept", 0.0)];

    protected override IReadOnlyList<PriorSpec> SimulationPriors =>
        [PriorSpec.Parse("Intercept ~ normal(1, 0.1)"), PriorSpec.Parse("b ~ normal(0, 0.3)"), PriorSpec.Parse("sd ~ uniform(0.6, 0.6001)")];
}
