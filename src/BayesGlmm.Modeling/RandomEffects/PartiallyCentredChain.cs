// Random intercepts nested in a chain (each term's levels inside one level of the term before), every level partially non-centred with its own weight.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// Normal random intercepts of k ≥ 2 terms T_0 ⊃ T_1 ⊃ … ⊃ T_{k−1}, each level j of T_c lying in one level p(j) of
/// T_{c−1}. The totals U_c,j = U_{c−1},p(j) + r_c,j (U_{−1} = 0) are sampled partially non-centred, level by level
/// (Papaspiliopoulos, Roberts &amp; Sköld 2003, "Non-centered parameterisations for hierarchical models and data
/// augmentation", Bayesian Statistics 7, §3; in the form of Gorinova, Moore &amp; Hoffman 2020, ICML, eq. 2): with
/// μ = U_{c−1},p(j), sd s_c and a weight w ∈ [0, 1], the sampled value is t ~ N(w μ, s_c^{2w}) and
/// U = μ + s_c^{1−w} (t − w μ). w = 0 is the non-centred r = s z, w = 1 the centred total U ~ N(μ, s²). The linear
/// predictor takes the innermost totals alone. An exact reparameterisation of k <see cref="NormalEffects"/> blocks; the
/// weights only choose the coordinates. Reported as the k blocks would be: <c>sd_g__Intercept</c> of each term in
/// formula order, then <c>r_g[level,Intercept]</c> of each.
/// <para>The Gaussian case gives the weight that makes t independent of μ a posteriori: w = τ_d / (τ_d + 1/s²), τ_d the
/// data's precision about the total (Papaspiliopoulos, Roberts &amp; Sköld 2003, §3.2; 2007, Statist. Sci. 22:59–73, §3),
/// which <c>Glmm.ChainWeights</c> computes level by level.</para>
/// </summary>
/// <remarks>
/// Hyperparameters: log sd of the terms in formula order. Latent values: each term's sampled values t in formula order.
/// </remarks>
public sealed class PartiallyCentredChain : RandomEffectBlock
{
    private readonly NormalEffects[] _terms;
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;
    private readonly int[] _latentStart;

    /// <summary>
    /// The chain of <paramref name="terms"/> (formula order, each a random intercept of normal effects);
    /// <paramref name="chain"/> lists their indices from the outermost to the innermost, each nested in the one before;
    /// <paramref name="weights"/>[t] holds term t's weight per level, each in [0, 1].
    /// </summary>
    public PartiallyCentredChain(IReadOnlyList<NormalEffects> terms, IReadOnlyList<int> chain, IReadOnlyList<double[]> weights)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(weights);
        if (terms.Count < 2 || chain.Count != terms.Count || weights.Count != terms.Count)
            throw new ArgumentException("A chain takes two or more terms, an order covering each once and one weight array per term.");
        _terms = terms.ToArray();
        foreach (var t in _terms)
            if (!NestedCentredEffects.IsRandomIntercept(t.Term) || t.Student is not null)
                throw new ArgumentException($"'{t.Term.Group}' is not a random intercept with normal effects.");
        if (chain.Distinct().Count() != chain.Count || chain.Any(c => c < 0 || c >= terms.Count))
            throw new ArgumentException("The chain must list every term once.", nameof(chain));
        Chain = chain.ToArray();
        Parents = new int[Chain.Length][];
        Parents[0] = [];
        for (int c = 1; c < Chain.Length; c++)
        {
            var inner = _terms[Chain[c]].Term;
            var outer = _terms[Chain[c - 1]].Term;
            Parents[c] = NestedCentredEffects.ParentLevels(inner, outer) ?? throw new ArgumentException($"'{inner.Group}' is not nested in '{outer.Group}'.");
        }
        Weights = new double[_terms.Length][];
        for (int t = 0; t < _terms.Length; t++)
        {
            if (weights[t].Length != _terms[t].LevelCount || weights[t].Any(w => !(w >= 0.0 && w <= 1.0)))
                throw new ArgumentException($"'{_terms[t].Term.Group}' needs one weight in [0, 1] per level.", nameof(weights));
            Weights[t] = weights[t].ToArray();
        }
        _latentStart = new int[_terms.Length];
        for (int t = 1; t < _terms.Length; t++) _latentStart[t] = _latentStart[t - 1] + _terms[t - 1].LevelCount;
        _hyperOutputs = [new("sd", _terms.SelectMany(t => t.HyperOutputs[0].Names).ToArray())];
        _effectNames = _terms.SelectMany(t => t.EffectOutputs).ToArray();
        _priorTerms = _terms.SelectMany(t => t.PriorTerms).ToArray();
        _priorUses = _terms.SelectMany(t => t.PriorUses).ToArray();
    }

    /// <summary>The terms' blocks as separate blocks would be, in formula order.</summary>
    public IReadOnlyList<NormalEffects> Parts => _terms;

    /// <summary>The terms' indices (formula order) from the outermost to the innermost.</summary>
    public int[] Chain { get; }

    /// <summary>Parents[c][j]: the level of chain term c − 1 that level j of chain term c lies in (empty for c = 0).</summary>
    public int[][] Parents { get; }

    /// <summary>Each term's weights per level (formula order): 0 non-centred, 1 centred.</summary>
    public double[][] Weights { get; }

    /// <summary>The innermost term, whose totals enter the linear predictor.</summary>
    public NormalEffects Innermost => _terms[Chain[^1]];

    /// <inheritdoc />
    public override IReadOnlyList<GroupTerm> Terms => _terms.Select(t => t.Term).ToArray();

    /// <inheritdoc />
    public override int HyperparameterCount => _terms.Length;

    /// <inheritdoc />
    public override int LatentCount => _latentStart[^1] + _terms[^1].LevelCount;

    /// <inheritdoc />
    public override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Where term <paramref name="term"/>'s (formula order) log sd stands in the position.</summary>
    internal int LogSd(int term) => Layout.HyperparameterOffset + term;

    /// <summary>Where term <paramref name="term"/>'s (formula order) sampled values start in the position.</summary>
    internal int Latent(int term) => Layout.LatentOffset + _latentStart[term];

    private int SdOutput(int term) => HyperOutput(0) + term;

    private int ROutput(int term) => Layout.EffectOutputOffset + _latentStart[term];

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new PartiallyCentredChainKernel(this);

    /// <summary>
    /// The effects r (<paramref name="effects"/>[t], formula order), totals U (<paramref name="totals"/>[t]) and scales
    /// s^{1−w} (<paramref name="scales"/>[t]) at <paramref name="position"/>: r = s^{1−w} (t − w μ) and U = μ + r, outermost
    /// first. The outputs and the kernel share it.
    /// </summary>
    internal void Effects(ReadOnlySpan<double> position, double[][] effects, double[][] totals, double[][] scales)
    {
        for (int c = 0; c < Chain.Length; c++)
        {
            int term = Chain[c];
            double logSd = position[LogSd(term)];
            var t = position.Slice(Latent(term), _terms[term].LevelCount);
            var w = Weights[term];
            var r = effects[term];
            var u = totals[term];
            var scale = scales[term];
            // s^{1−w} = exp((1 − w) log s), one vectorised exponential per term.
            TensorPrimitives.Multiply<double>(w, -logSd, scale);
            TensorPrimitives.Add<double>(scale, logSd, scale);
            TensorPrimitives.Exp<double>(scale, scale);
            var parent = Parents[c];
            var parentTotals = c == 0 ? null : totals[Chain[c - 1]];
            for (int j = 0; j < t.Length; j++)
            {
                double mu = parentTotals is null ? 0.0 : parentTotals[parent[j]];
                r[j] = scale[j] * (t[j] - w[j] * mu);
                u[j] = mu + r[j];
            }
        }
    }

    /// <summary>Arrays for <see cref="Effects"/>, one per term (formula order).</summary>
    internal double[][] LevelArrays() => _terms.Select(t => new double[t.LevelCount]).ToArray();

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        var effects = LevelArrays();
        Effects(position, effects, LevelArrays(), LevelArrays());
        for (int t = 0; t < _terms.Length; t++)
        {
            outputs[SdOutput(t)] = Math.Exp(position[LogSd(t)]);
            effects[t].CopyTo(outputs.Slice(ROutput(t), _terms[t].LevelCount));
        }
    }

    /// <inheritdoc />
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        for (int t = 0; t < _terms.Length; t++)
            if (!(outputs[SdOutput(t)] > 0)) return false;
        var totals = LevelArrays();
        for (int c = 0; c < Chain.Length; c++)
        {
            int term = Chain[c];
            double logSd = position[LogSd(term)] = Math.Log(outputs[SdOutput(term)]);
            var r = outputs.Slice(ROutput(term), _terms[term].LevelCount);
            var t = position.Slice(Latent(term), r.Length);
            var w = Weights[term];
            var parentTotals = c == 0 ? null : totals[Chain[c - 1]];
            for (int j = 0; j < r.Length; j++)
            {
                double mu = parentTotals is null ? 0.0 : parentTotals[Parents[c][j]];
                t[j] = Math.Exp((w[j] - 1.0) * logSd) * r[j] + w[j] * mu;
                totals[term][j] = mu + r[j];
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        for (int t = 0; t < _terms.Length; t++) logPriors[t] = _terms[t].SdPriors[0].LogDensity(outputs[SdOutput(t)], out _);
    }

    /// <inheritdoc />
    public override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        for (int t = 0; t < _terms.Length; t++)
        {
            double sd = outputs[SdOutput(t)] = _terms[t].SdPriors[0].Sample(rng);
            var r = outputs.Slice(ROutput(t), _terms[t].LevelCount);
            for (int j = 0; j < r.Length; j++) r[j] = sd * rng.NextStandardNormal();
        }
    }

    /// <inheritdoc />
    public override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        for (int t = 0; t < _terms.Length; t++) TermMatrix.AddInFrameOrder(_terms[t].Term, eta, outputs.Slice(ROutput(t), _terms[t].LevelCount));
    }

    /// <inheritdoc />
    public override int EffectOutputOffset(int term) => term >= 0 && term < _terms.Length ? ROutput(term) : throw new ArgumentOutOfRangeException(nameof(term));

    /// <inheritdoc />
    public override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)term, (uint)_terms.Length, nameof(term));
        return new NewLevelLaw([outputs[SdOutput(term)]], [1.0], double.PositiveInfinity);
    }

    /// <inheritdoc />
    public override NewLevelTail NewLevelTail => NewLevelTail.Normal;
}
