// The conformance suite run for each block kind so far: normal (correlated, independent), Student-t, conjugate (joint, integrated).
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Hglm;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

/// <summary>Normal effects of one term with K coefficients (gaussian response; the slopes' Z columns random).</summary>
public abstract class NormalKindConformance(int coefficients, bool correlated, bool student) : RandomEffectBlockConformance
{
    protected override NewLevelTail ExpectedNewLevelTail => student ? NewLevelTail.StudentT : NewLevelTail.Normal;

    protected override ModelFrame Frame(RandomStream rng, int levels, int perLevel)
    {
        var frame = ModelBuilder.Random(rng, levels * perLevel, 2, true,
            [new TermSpec("g", levels, coefficients, correlated, Student: student)], new GaussianIdentity());
        // A response from the real gaussian family, so that replicates can be drawn.
        return frame;
    }

    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) => GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), priors);

    protected override bool IsKind(IRandomEffectBlock block) => block is NormalEffects normal && (normal.Student is not null) == student;

    protected override IReadOnlyList<string> ExpectedNames(int levels)
    {
        string[] coefs = ["Intercept", .. Enumerable.Range(1, coefficients - 1).Select(k => $"w{k}")];
        var names = coefs.Select(c => $"sd_g__{c}").ToList();
        if (correlated && coefficients > 1)
            for (int j = 1; j < coefficients; j++)
                for (int i = 0; i < j; i++) names.Add($"cor_g__{coefs[i]}__{coefs[j]}");
        if (student) names.Add("df_g");
        foreach (string c in coefs)
            for (int l = 1; l <= levels; l++) names.Add($"r_g[L{l},{c}]");
        return names;
    }

    protected override IReadOnlyList<(string Output, double Lower)> Hyperparameters =>
        [.. Enumerable.Range(0, coefficients).Select(k => ($"sd_g__{(k == 0 ? "Intercept" : $"w{k}")}", 0.0)), .. (student ? new[] { ("df_g", 1.0) } : [])];

    protected override IReadOnlyList<PriorSpec> SimulationPriors =>
    [
        PriorSpec.Parse("Intercept ~ normal(3, 0.1)"), PriorSpec.Parse("b ~ normal(0, 0.3)"), PriorSpec.Parse("sigma ~ uniform(0.5, 0.5001)"),
        PriorSpec.Parse("sd ~ uniform(0.8, 0.8001)"), .. (student ? new[] { PriorSpec.Parse("df ~ uniform(5, 5.001)") } : []),
    ];

    protected override bool Invertible => !student;
}

public sealed class CorrelatedNormalConformance() : NormalKindConformance(2, correlated: true, student: false);

public sealed class IndependentNormalConformance() : NormalKindConformance(2, correlated: false, student: false);

public sealed class StudentConformance() : NormalKindConformance(1, correlated: false, student: true);

/// <summary>A Poisson–gamma random intercept with a covariate and an offset, on the joint or the integrated route.</summary>
public abstract class ConjugateKindConformance(bool joint) : RandomEffectBlockConformance
{
    protected override NewLevelTail ExpectedNewLevelTail => NewLevelTail.None;

    protected override ModelFrame Frame(RandomStream rng, int levels, int perLevel) =>
        HglmFrames.Random(rng, ConjugatePair.PoissonGamma, levels * perLevel, levels, 2, true, true);

    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) =>
        GlmmModel.Create(frame, FamilySpec.Parse("poisson"), priors, new GlmmOptions { JointConjugateEffects = joint });

    protected override bool IsKind(IRandomEffectBlock block) => joint ? block is ConjugateJointEffects : block is ConjugateIntegratedEffects;

    protected override IReadOnlyList<string> ExpectedNames(int levels) =>
        ["lambda_g", .. Enumerable.Range(1, levels).Select(l => $"u_g[{l}]"), .. Enumerable.Range(1, levels).Select(l => $"r_g[{l},Intercept]")];

    protected override IReadOnlyList<(string Output, double Lower)> Hyperparameters => [("lambda_g", 0.0)];

    protected override IReadOnlyList<PriorSpec> SimulationPriors =>
        [PriorSpec.Parse("Intercept ~ normal(0.5, 0.1)"), PriorSpec.Parse("b ~ normal(0, 0.3)"), PriorSpec.Parse("lambda ~ uniform(0.4, 0.4001)")];
}

public sealed class ConjugateJointConformance() : ConjugateKindConformance(joint: true);

public sealed class ConjugateIntegratedConformance() : ConjugateKindConformance(joint: false);

/// <summary>
/// Two random intercepts, g nested in h (two g levels per h level), the inner one centred around its parent
/// (<see cref="NestedCentredEffects"/>, chosen on the joint route under <see cref="GlmmOptions.HierarchicalCentring"/> for an
/// inner term of two or more observations per level); <see cref="NestedCentredOnInterceptConformance"/> centres the pair on the
/// model's intercept as well.
/// </summary>
public class NestedCentredConformance(HierarchicalCentring centring = HierarchicalCentring.Nested) : RandomEffectBlockConformance
{
    protected override NewLevelTail ExpectedNewLevelTail => NewLevelTail.Normal;

    protected override ModelFrame Frame(RandomStream rng, int levels, int perLevel)
    {
        int n = 2 * levels * perLevel;
        var frame = ModelBuilder.Random(rng, n, 2, true, [new TermSpec("h", levels, 1), new TermSpec("g", 2, 1, NestedIn: 0)], new GaussianIdentity());
        // Every g level observed: the first 2·levels observations visit them in order (g level i lies in h level i / 2).
        int[] h = frame.Groups[0].LevelOfObservation, g = frame.Groups[1].LevelOfObservation;
        for (int i = 0; i < 2 * levels; i++)
        {
            h[i] = i / 2;
            g[i] = i;
        }
        return frame;
    }

    protected override GlmmModel Build(ModelFrame frame, IReadOnlyList<PriorSpec> priors) =>
        GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), priors, new GlmmOptions { HierarchicalCentring = centring });

    protected override bool IsKind(IRandomEffectBlock block) =>
        block is NestedCentredEffects pair && pair.CentredOnIntercept == (centring == HierarchicalCentring.OnIntercept);

    protected override IReadOnlyList<string> ExpectedNames(int levels) =>
    [
        "sd_g__Intercept", "sd_h__Intercept",
        .. Enumerable.Range(0, 2 * levels).Select(l => $"r_g[{l / 2}_{l % 2},Intercept]"),
        .. Enumerable.Range(1, levels).Select(l => $"r_h[L{l},Intercept]"),
    ];

    protected override IReadOnlyList<(string Output, double Lower)> Hyperparameters => [("sd_g__Intercept", 0.0), ("sd_h__Intercept", 0.0)];

    protected override IReadOnlyList<PriorSpec> SimulationPriors =>
    [
        PriorSpec.Parse("Intercept ~ normal(3, 0.1)"), PriorSpec.Parse("b ~ normal(0, 0.3)"), PriorSpec.Parse("sigma ~ uniform(0.5, 0.5001)"),
        PriorSpec.Parse("sd ~ uniform(0.8, 0.8001)"),
    ];
}

/// <summary>The nested pair centred on the intercept: the outer term as level means around it, the inner one as totals around them.</summary>
public sealed class NestedCentredOnInterceptConformance() : NestedCentredConformance(HierarchicalCentring.OnIntercept);
