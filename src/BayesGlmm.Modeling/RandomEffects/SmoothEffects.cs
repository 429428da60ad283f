// A smooth term's penalised part as a random-effect block: s = sds · z, z ~ N(0, I), entering η through the dense columns Z_s.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.Smooths;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The penalised coefficients of one smooth term (or one level of its <c>by</c> factor) as brms fits them after mgcv's
/// <c>smooth2random</c> (Wood 2017, §6.6; <see cref="SmoothReparameterization"/>): the penalty becomes the identity, so the
/// wiggly part Z_s s has s_j ~ N(0, sds²) independently, a normal random effect with one sd and as many "levels" as
/// penalised columns, each column a covariate of every observation (not an indicator). Non-centred, s = sds · z with
/// z ~ N(0, I), as brms writes it (<c>s_1_1 = sds_1_1 * zs_1_1</c>). Reported as <c>sds_sx_1</c> (class <c>sds</c>) and
/// <c>s_sx_1[1]</c>, …; the unpenalised columns are population-level coefficients (<c>bs_sx_1</c>) in X.
/// </summary>
/// <remarks>Hyperparameter: log sds. Latent values: z (r).</remarks>
public sealed class SmoothEffects : RandomEffectBlock
{
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;

    /// <summary>The block of <paramref name="part"/> for the evaluation order <paramref name="order"/> (order[n] = frame row of observation n), with the prior of its sds.</summary>
    public SmoothEffects(SmoothPart part, ReadOnlySpan<int> order, BoundedPrior sdsPrior, PriorUse use)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(sdsPrior);
        ArgumentNullException.ThrowIfNull(use);
        Part = part;
        SdsPrior = sdsPrior;
        Count = part.Random.Columns;
        EvaluationZ = part.Random.SelectRows(order);
        _hyperOutputs = [new("sds", [part.SdName])];
        _effectNames = part.CoefficientNames.ToArray();
        _priorTerms = [new PriorTerm(part.SdName, "sds")];
        _priorUses = [use];
    }

    /// <summary>The smooth part: its names and its penalised columns in frame order.</summary>
    public SmoothPart Part { get; }

    /// <summary>The prior of sds.</summary>
    public BoundedPrior SdsPrior { get; }

    /// <summary>r, the penalised coefficients.</summary>
    public int Count { get; }

    /// <summary>The penalised columns in the evaluation order, N × r.</summary>
    public ColumnMajorMatrix EvaluationZ { get; }

    /// <inheritdoc />
    public override IReadOnlyList<GroupTerm> Terms => [];

    /// <inheritdoc />
    public override int HyperparameterCount => 1;

    /// <inheritdoc />
    public override int LatentCount => Count;

    /// <inheritdoc />
    public override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Where log sds stands in the position.</summary>
    public int LogSdsOffset => Layout.HyperparameterOffset;

    /// <summary>Where z starts in the position.</summary>
    public int ZOffset => Layout.LatentOffset;

    /// <summary>Where sds stands in the outputs.</summary>
    public int SdsOutput => HyperOutput(0);

    /// <summary>Where s starts in the outputs.</summary>
    public int SOutput => Layout.EffectOutputOffset;

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new SmoothEffectsKernel(this);

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        double sds = outputs[SdsOutput] = Math.Exp(position[LogSdsOffset]);
        var z = position.Slice(ZOffset, Count);
        var s = outputs.Slice(SOutput, Count);
        for (int j = 0; j < Count; j++) s[j] = sds * z[j];
    }

    /// <inheritdoc />
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        double sds = outputs[SdsOutput];
        if (!(sds > 0) || double.IsPositiveInfinity(sds)) return false;
        position[LogSdsOffset] = Math.Log(sds);
        var s = outputs.Slice(SOutput, Count);
        var z = position.Slice(ZOffset, Count);
        for (int j = 0; j < Count; j++) z[j] = s[j] / sds;
        return true;
    }

    /// <inheritdoc />
    public override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors) =>
        logPriors[0] = SdsPrior.LogDensity(outputs[SdsOutput], out _);

    /// <inheritdoc />
    public override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        double sds = outputs[SdsOutput] = SdsPrior.Sample(rng);
        var s = outputs.Slice(SOutput, Count);
        for (int j = 0; j < Count; j++) s[j] = sds * rng.NextStandardNormal();
    }

    /// <inheritdoc />
    public override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        var s = outputs.Slice(SOutput, Count);
        var z = Part.Random;
        for (int j = 0; j < Count; j++)
        {
            var column = z.Column(j);
            for (int i = 0; i < eta.Length; i++) eta[i] += column[i] * s[j];
        }
    }

    /// <summary>A smooth covers no group-level term: there is no term to ask about.</summary>
    public override int EffectOutputOffset(int term) =>
        throw new ArgumentOutOfRangeException(nameof(term), "A smooth term's block covers no group-level term.");

    /// <summary>A smooth has no levels: there is no new level to predict (new covariate values go through the basis instead).</summary>
    public override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term) =>
        throw new ArgumentOutOfRangeException(nameof(term), "A smooth term's block covers no group-level term.");

    /// <summary>No law for new levels: a smooth has no levels, and predictions evaluate its basis at the new covariate values.</summary>
    public override NewLevelTail NewLevelTail => NewLevelTail.None;
}
