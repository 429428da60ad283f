// The shared side of the blocks that integrate normal effects out: the terms' sds, correlations, priors, names and effects as the joint route has them.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// A block over one or more normal group-level terms whose effects are integrated out (<see cref="IntegratedNormalEffects"/>,
/// <see cref="QuadratureEffects"/>). It samples what the joint route's <see cref="NormalEffects"/> sample but the effects —
/// log sd and the canonical partial correlations of every term, term by term — and reports the same names in the same
/// places: every sd, then every cor, then every term's <c>r_g[level,coef]</c>. The output-side members (priors, prior
/// draws, the effects in the linear predictor, new levels) are the joint blocks' own, placed term by term inside this one;
/// a derived class supplies the kernel and draws the effects from their exact conditional.
/// </summary>
public abstract class IntegratedEffectBlock : RandomEffectBlock
{
    private readonly NormalEffects[] _terms;
    private readonly GroupTerm[] _groupTerms;
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;
    private NormalEffects[]? _placed;
    private BlockLayout? _placedFor;

    /// <summary>The block over the joint route's blocks <paramref name="terms"/> (normal effects, not Student-t), in output order.</summary>
    private protected IntegratedEffectBlock(IReadOnlyList<NormalEffects> terms)
    {
        if (terms.Count == 0) throw new ArgumentException("Expected at least one term.", nameof(terms));
        if (terms.Any(t => t.Student is not null)) throw new ArgumentException("Student-t effects are not integrated out.", nameof(terms));
        _terms = terms.ToArray();
        _groupTerms = _terms.Select(t => t.Term).ToArray();
        _hyperOutputs =
        [
            new("sd", _terms.SelectMany(t => t.HyperOutputs[0].Names).ToArray()),
            new("cor", _terms.SelectMany(t => t.HyperOutputs[1].Names).ToArray()),
        ];
        _effectNames = _terms.SelectMany(t => t.EffectOutputs).ToArray();
        _priorTerms = _terms.SelectMany(t => t.PriorTerms).ToArray();
        _priorUses = _terms.SelectMany(t => t.PriorUses).ToArray();
        HyperparameterCount = _terms.Sum(t => t.HyperparameterCount);
    }

    /// <inheritdoc />
    public sealed override bool IsIntegrated => true;

    /// <inheritdoc />
    public sealed override int LatentCount => 0;

    /// <inheritdoc />
    public sealed override int HyperparameterCount { get; }

    /// <inheritdoc />
    public sealed override IReadOnlyList<GroupTerm> Terms => _groupTerms;

    /// <inheritdoc />
    public sealed override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public sealed override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public sealed override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Each term's joint-route block placed where this block keeps that term's hyperparameters and outputs (its latent values unused).</summary>
    public IReadOnlyList<NormalEffects> TermBlocks
    {
        get
        {
            var layout = Layout;
            if (_placed is not null && ReferenceEquals(_placedFor, layout)) return _placed;
            var placed = new NormalEffects[_terms.Length];
            int hyper = layout.HyperparameterOffset, sd = HyperOutput(0), cor = HyperOutput(1), effects = layout.EffectOutputOffset;
            for (int t = 0; t < _terms.Length; t++)
            {
                var term = _terms[t];
                placed[t] = (NormalEffects)term.Place(new BlockLayout
                {
                    HyperparameterOffset = hyper,
                    LatentOffset = layout.LatentOffset,
                    HyperOutputOffsets = [sd, cor, 0],
                    EffectOutputOffset = effects,
                    EtaStart = layout.EtaStart,
                    EtaLength = layout.EtaLength,
                });
                hyper += term.HyperparameterCount;
                sd += term.CoefficientCount;
                cor += term.CorrelationCount;
                effects += term.CoefficientCount * term.LevelCount;
            }
            _placedFor = layout;
            return _placed = placed;
        }
    }

    /// <summary>
    /// Writes every term's sds and correlations at <paramref name="position"/> into the outputs and each term's covariance
    /// factor T_t = diag(sd) L (K × K row-major, lower) at <paramref name="factorOffset"/>[t] of <paramref name="factors"/>.
    /// </summary>
    private protected void WriteHyperOutputs(ReadOnlySpan<double> position, Span<double> outputs, Span<double> factors, IReadOnlyList<int> factorOffset)
    {
        var blocks = TermBlocks;
        for (int t = 0; t < blocks.Count; t++)
        {
            int k = blocks[t].CoefficientCount;
            Span<double> sd = new double[k];
            var factor = factors.Slice(factorOffset[t], k * k);
            blocks[t].WriteHyperOutputs(position, outputs, sd, factor);
            for (int c = 0; c < k; c++)
                for (int m = 0; m < k; m++) factor[c * k + m] *= sd[c];
        }
    }

    /// <summary>Writes one draw's effects (coefficient-major per term, the layout's level-major <paramref name="effects"/>) to the outputs.</summary>
    private protected void WriteEffects(EffectLayout layout, ReadOnlySpan<double> effects, Span<double> outputs)
    {
        var blocks = TermBlocks;
        for (int t = 0; t < blocks.Count; t++)
            layout.ToCoefficientMajor(t, effects, outputs.Slice(blocks[t].ROutput, blocks[t].CoefficientCount * blocks[t].LevelCount));
    }

    /// <inheritdoc />
    public sealed override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        foreach (var block in TermBlocks)
        {
            Span<double> factor = new double[block.CoefficientCount * block.CoefficientCount];
            if (!block.TryWriteHyperparameters(outputs, position, factor)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public sealed override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        int n = 0;
        foreach (var block in TermBlocks)
        {
            block.LogPriorTerms(outputs, logPriors.Slice(n, block.PriorTerms.Count));
            n += block.PriorTerms.Count;
        }
    }

    /// <inheritdoc />
    public sealed override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        foreach (var block in TermBlocks) block.DrawFromPrior(rng, outputs);
    }

    /// <inheritdoc />
    public sealed override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        foreach (var block in TermBlocks) block.AddEffects(outputs, eta);
    }

    /// <inheritdoc />
    public sealed override int EffectOutputOffset(int term) => TermBlocks[term].ROutput;

    /// <inheritdoc />
    public sealed override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term) => TermBlocks[term].NewLevels(outputs, 0);

    /// <summary>Normal effects only (Student-t ones are not integrated out): new levels are normal.</summary>
    public sealed override NewLevelTail NewLevelTail => NewLevelTail.Normal;

    /// <summary>The predictor in evaluation order moved to frame order (<paramref name="order"/>[n] = frame row of observation n).</summary>
    private protected static void ToFrameOrder(int[]? order, ReadOnlySpan<double> evaluation, Span<double> frame)
    {
        if (order is null) { evaluation.CopyTo(frame); return; }
        for (int i = 0; i < order.Length; i++) frame[order[i]] = evaluation[i];
    }

    /// <summary>The inverse of <see cref="ToFrameOrder"/>.</summary>
    private protected static void ToEvaluationOrder(int[]? order, ReadOnlySpan<double> frame, Span<double> evaluation)
    {
        if (order is null) { frame.CopyTo(evaluation); return; }
        for (int i = 0; i < order.Length; i++) evaluation[i] = frame[order[i]];
    }

    /// <summary>null for the identity, else <paramref name="order"/>.</summary>
    private protected static int[]? Permutation(int[] order)
    {
        for (int i = 0; i < order.Length; i++) if (order[i] != i) return order;
        return null;
    }
}
