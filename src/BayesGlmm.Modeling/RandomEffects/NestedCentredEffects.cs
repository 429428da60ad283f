// Two random intercepts, one nested in the other, the inner one sampled as centred totals around its parent's effect.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// Normal random intercepts of an outer term B and of an inner term A nested in it (every level a of A lies in one level
/// p(a) of B), with the hierarchical centring of Gelfand, Sahu &amp; Carlin (1995, Biometrika 82:479–488, §3): B stays
/// non-centred, r_B = sd_B z_B with z_B ~ N(0, 1), while A is sampled as the totals v_a = r_A,a + r_B,p(a), the values the
/// data inform directly, with v_a ~ N(r_B,p(a), sd_A²). The linear predictor then takes v alone. It is the same model as
/// two <see cref="NormalEffects"/> blocks (a linear map of unit Jacobian from (r_A, z_B) to (v, z_B)); it samples better
/// where A's levels are well informed by their data, where the non-centred form couples each v_a to sd_A and r_B
/// (Papaspiliopoulos, Roberts &amp; Sköld 2007, Statist. Sci. 22:59–73, §3). Reported as the two blocks would be:
/// <c>sd_g__Intercept</c> of both terms in formula order, then <c>r_g[level,Intercept]</c> of each.
/// <para>Centred on the intercept (<see cref="CentredOnIntercept"/>, Gelfand, Sahu &amp; Carlin's full hierarchical
/// centring of the random intercepts): B is sampled as the level means μ_b = a + r_B,b ~ N(a, sd_B²) around the model's
/// (internal) intercept a, and A as the totals w_a = μ_p(a) + r_A,a ~ N(μ_p(a), sd_A²); the linear predictor takes w − a (the
/// fixed part adds a back). Then a enters the data only through the μ of the few outer levels, which is what a
/// well-informed outer term needs (the intercept no longer trades off with the mean of the outer effects). Again an
/// exact map, of Jacobian sd_B per outer level.</para>
/// </summary>
/// <remarks>
/// Hyperparameters: log sd of the two terms in formula order. Latent values: the first term's level values, then the
/// second's; the inner term's are the totals (v, or w centred on the intercept), the outer term's the standard normal z
/// (or the means μ centred on the intercept).
/// </remarks>
public sealed class NestedCentredEffects : RandomEffectBlock
{
    private readonly NormalEffects[] _terms;
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;

    /// <summary>
    /// The pair of <paramref name="first"/> and <paramref name="second"/> (formula order, each a random intercept of normal
    /// effects), <paramref name="innerIndex"/> (0 or 1) naming the one nested in the other.
    /// </summary>
    /// <paramref name="interceptPosition"/>, when not −1, is where the model's intercept stands in the position (an index of
    /// the coefficients b), on which the pair is then centred (<see cref="CentredOnIntercept"/>).
    public NestedCentredEffects(NormalEffects first, NormalEffects second, int innerIndex, int interceptPosition = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interceptPosition, -1);
        InterceptPosition = interceptPosition;
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        _terms = [first, second];
        foreach (var t in _terms)
            if (!IsRandomIntercept(t.Term) || t.Student is not null)
                throw new ArgumentException($"'{t.Term.Group}' is not a random intercept with normal effects.");
        InnerIndex = innerIndex is 0 or 1 ? innerIndex : throw new ArgumentOutOfRangeException(nameof(innerIndex));
        Parent = ParentLevels(Inner.Term, Outer.Term) ?? throw new ArgumentException($"'{Inner.Term.Group}' is not nested in '{Outer.Term.Group}'.");
        _hyperOutputs = [new("sd", _terms.SelectMany(t => t.HyperOutputs[0].Names).ToArray())];
        _effectNames = _terms.SelectMany(t => t.EffectOutputs).ToArray();
        _priorTerms = _terms.SelectMany(t => t.PriorTerms).ToArray();
        _priorUses = _terms.SelectMany(t => t.PriorUses).ToArray();
    }

    /// <summary>Whether <paramref name="term"/> is an intercept-only term with Z a column of ones.</summary>
    public static bool IsRandomIntercept(GroupTerm term) =>
        term.CoefficientCount == 1 && term.CoefficientNames[0] == "Intercept" && term.Z.Column(0).ToArray().All(z => z == 1.0);

    /// <summary>The level of <paramref name="outer"/> each level of <paramref name="inner"/> lies in, or null when some level lies in two (or in none).</summary>
    public static int[]? ParentLevels(GroupTerm inner, GroupTerm outer)
    {
        var parent = new int[inner.LevelCount];
        Array.Fill(parent, -1);
        for (int i = 0; i < inner.LevelOfObservation.Length; i++)
        {
            int a = inner.LevelOfObservation[i], b = outer.LevelOfObservation[i];
            if (parent[a] == -1) parent[a] = b;
            else if (parent[a] != b) return null;
        }
        return parent.Contains(-1) ? null : parent;
    }

    /// <summary>The two terms' blocks as two separate blocks would be, in formula order.</summary>
    public IReadOnlyList<NormalEffects> Parts => _terms;

    /// <summary>Which of the two (0 or 1) is nested in the other.</summary>
    public int InnerIndex { get; }

    /// <summary>The inner term A.</summary>
    public NormalEffects Inner => _terms[InnerIndex];

    /// <summary>The outer term B.</summary>
    public NormalEffects Outer => _terms[1 - InnerIndex];

    /// <summary>Where the model's intercept a stands in the position, or −1 when the pair is not centred on it.</summary>
    public int InterceptPosition { get; }

    /// <summary>Whether the outer term is sampled as level means around the intercept and the inner totals include it.</summary>
    public bool CentredOnIntercept => InterceptPosition >= 0;

    /// <summary>The intercept the pair is centred on at <paramref name="position"/> (0 when it is not).</summary>
    internal double Intercept(ReadOnlySpan<double> position) => CentredOnIntercept ? position[InterceptPosition] : 0.0;

    /// <summary>p(a): the outer level of every inner level.</summary>
    public int[] Parent { get; }

    /// <inheritdoc />
    public override IReadOnlyList<GroupTerm> Terms => [_terms[0].Term, _terms[1].Term];

    /// <inheritdoc />
    public override int HyperparameterCount => 2;

    /// <inheritdoc />
    public override int LatentCount => _terms[0].LevelCount + _terms[1].LevelCount;

    /// <inheritdoc />
    public override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Where log sd of the inner (A) and outer (B) terms stand in the position.</summary>
    internal int InnerLogSd => Layout.HyperparameterOffset + InnerIndex;

    internal int OuterLogSd => Layout.HyperparameterOffset + 1 - InnerIndex;

    /// <summary>Where the log sds of the centred terms stand in the position: the inner term's, and the outer's when centred on the intercept.</summary>
    public IReadOnlyList<int> CentredLogSds => CentredOnIntercept ? [InnerLogSd, OuterLogSd] : [InnerLogSd];

    /// <summary>Where the totals v and the outer z start in the position.</summary>
    internal int InnerLatent => Layout.LatentOffset + (InnerIndex == 0 ? 0 : _terms[0].LevelCount);

    internal int OuterLatent => Layout.LatentOffset + (InnerIndex == 0 ? _terms[0].LevelCount : 0);

    private int SdOutput(int term) => HyperOutput(0) + term;

    private int ROutput(int term) => Layout.EffectOutputOffset + (term == 0 ? 0 : _terms[0].LevelCount);

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new NestedCentredEffectsKernel(this);

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        int inner = InnerIndex, outer = 1 - inner;
        outputs[SdOutput(inner)] = Math.Exp(position[InnerLogSd]);
        double sdB = outputs[SdOutput(outer)] = Math.Exp(position[OuterLogSd]);
        Effects(position, sdB, outputs.Slice(ROutput(outer), Outer.LevelCount), outputs.Slice(ROutput(inner), Inner.LevelCount));
    }

    /// <summary>
    /// The effects r_B and r_A at <paramref name="position"/> (outer sd <paramref name="sdB"/>): r_B = sd_B z and
    /// r_A = v − r_B[p], or centred on the intercept r_B = μ − a and r_A = w − μ[p]. The outputs and the kernel share it.
    /// </summary>
    internal void Effects(ReadOnlySpan<double> position, double sdB, Span<double> rB, Span<double> rA)
    {
        var outerLatent = position.Slice(OuterLatent, Outer.LevelCount);
        var v = position.Slice(InnerLatent, Inner.LevelCount);
        var parent = Parent;
        if (CentredOnIntercept)
        {
            TensorPrimitives.Subtract(outerLatent, Intercept(position), rB);
            for (int a = 0; a < rA.Length; a++) rA[a] = v[a] - outerLatent[parent[a]];
            return;
        }
        TensorPrimitives.Multiply(outerLatent, sdB, rB);
        for (int a = 0; a < rA.Length; a++) rA[a] = v[a] - rB[parent[a]];
    }

    /// <inheritdoc />
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        int inner = InnerIndex, outer = 1 - inner;
        double sdA = outputs[SdOutput(inner)], sdB = outputs[SdOutput(outer)];
        if (!(sdA > 0) || !(sdB > 0)) return false;
        position[InnerLogSd] = Math.Log(sdA);
        position[OuterLogSd] = Math.Log(sdB);
        var rB = outputs.Slice(ROutput(outer), Outer.LevelCount);
        var outerLatent = position.Slice(OuterLatent, Outer.LevelCount);
        var rA = outputs.Slice(ROutput(inner), Inner.LevelCount);
        var v = position.Slice(InnerLatent, Inner.LevelCount);
        if (CentredOnIntercept)
        {
            // The model writes the coefficients first, so the intercept is in place: μ = a + r_B, w = μ[p] + r_A.
            TensorPrimitives.Add(rB, Intercept(position), outerLatent);
            for (int a = 0; a < v.Length; a++) v[a] = rA[a] + outerLatent[Parent[a]];
            return true;
        }
        TensorPrimitives.Multiply(rB, 1.0 / sdB, outerLatent);
        for (int a = 0; a < v.Length; a++) v[a] = rA[a] + rB[Parent[a]];
        return true;
    }

    /// <inheritdoc />
    public override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        for (int t = 0; t < 2; t++) logPriors[t] = _terms[t].SdPriors[0].LogDensity(outputs[SdOutput(t)], out _);
    }

    /// <inheritdoc />
    public override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        for (int t = 0; t < 2; t++)
        {
            double sd = outputs[SdOutput(t)] = _terms[t].SdPriors[0].Sample(rng);
            var r = outputs.Slice(ROutput(t), _terms[t].LevelCount);
            for (int j = 0; j < r.Length; j++) r[j] = sd * rng.NextStandardNormal();
        }
    }

    /// <inheritdoc />
    public override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        for (int t = 0; t < 2; t++) TermMatrix.AddInFrameOrder(_terms[t].Term, eta, outputs.Slice(ROutput(t), _terms[t].LevelCount));
    }

    /// <inheritdoc />
    public override int EffectOutputOffset(int term) => term is 0 or 1 ? ROutput(term) : throw new ArgumentOutOfRangeException(nameof(term));

    /// <inheritdoc />
    public override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)term, 1u, nameof(term));
        return new NewLevelLaw([outputs[SdOutput(term)]], [1.0], double.PositiveInfinity);
    }

    /// <inheritdoc />
    public override NewLevelTail NewLevelTail => NewLevelTail.Normal;
}
