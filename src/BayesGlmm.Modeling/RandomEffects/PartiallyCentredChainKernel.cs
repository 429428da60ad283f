// One chain's evaluation of partially non-centred nested random intercepts: the innermost totals gathered into η, the chain of normal densities differentiated back.
using System.Numerics.Tensors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The log-density part of <see cref="PartiallyCentredChain"/>. Per level, with μ the parent's total, z = r / s and
/// t ~ N(w μ, s^{2w}): log N(t | w μ, s^{2w}) = −z²/2 − w log s − log √(2π); plus log s per term (the Jacobian of log sd)
/// and the sd priors. With G_j = ∂ℓ/∂U_j (the gathered ∂ℓ/∂η for the innermost term, the children's sums above it), taken
/// from the innermost term outwards: ∂t_j = −z_j s^{−w} + G_j s^{1−w}; the parent's G gains z_j w s^{−w} + G_j (1 − w s^{1−w});
/// ∂log s = Σ_j (w z_j² − w + (1 − w) G_j r_j) + 1 + ∂log p(s)/∂s · s. All normalising constants are kept.
/// </summary>
internal sealed class PartiallyCentredChainKernel : GatheredLevelsKernel
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private readonly PartiallyCentredChain _b;
    private readonly double[][] _r, _u, _g, _scale;

    public PartiallyCentredChainKernel(PartiallyCentredChain block) : this(block, block.LevelArrays())
    {
    }

    /// <summary>The whole-data kernel, η taking the innermost term's totals among <paramref name="totals"/>.</summary>
    private PartiallyCentredChainKernel(PartiallyCentredChain block, double[][] totals) : base(block.Innermost.Matrix, totals[block.Chain[^1]])
    {
        _b = block;
        _r = block.LevelArrays();
        _u = totals;
        _g = block.LevelArrays();
        _scale = block.LevelArrays();
    }

    /// <summary>A partition's kernel: the totals of <paramref name="owner"/>, its own gathered gradient, passes beginning at <paramref name="start"/>.</summary>
    private PartiallyCentredChainKernel(PartiallyCentredChainKernel owner, int start) : base(owner, start)
    {
        _b = owner._b;
        _r = owner._r;
        _u = owner._u;
        _g = _scale = [];
    }

    public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
    {
        var b = _b;
        b.Effects(position, _r, _u, _scale);
        for (int term = 0; term < _r.Length; term++)
        {
            double logSd = position[b.LogSd(term)], sd = Math.Exp(logSd);
            var r = _r[term];
            var w = b.Weights[term];
            extra += logSd - 0.5 * TensorPrimitives.SumOfSquares<double>(r) / (sd * sd) - r.Length * HalfLogTwoPi - logSd * TensorPrimitives.Sum<double>(w);
        }
    }

    public override RandomEffectKernel CreatePartition(int start, int end) => new PartiallyCentredChainKernel(this, start);

    public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
    {
        var b = _b;
        var chain = b.Chain;
        Gathered.CopyTo(_g[chain[^1]], 0);
        for (int c = chain.Length - 1; c >= 0; c--)
        {
            int term = chain[c];
            double logSd = position[b.LogSd(term)], sd = Math.Exp(logSd);
            logPrior += b.Parts[term].SdPriors[0].LogDensity(sd, out double dPrior);
            var r = _r[term];
            var g = _g[term];
            var w = b.Weights[term];
            var scale = _scale[term];
            var gt = gradient.Slice(b.Latent(term), r.Length);
            double[]? parentG = null;
            int[] parent = b.Parents[c];
            if (c > 0)
            {
                parentG = _g[chain[c - 1]];
                Array.Clear(parentG);
            }
            double gLogSd = 0;
            for (int j = 0; j < r.Length; j++)
            {
                double z = r[j] / sd, wj = w[j];
                double s1w = scale[j], sw = sd / s1w;
                gt[j] = -z / sw + g[j] * s1w;
                if (parentG is not null) parentG[parent[j]] += z * wj / sw + g[j] * (1.0 - wj * s1w);
                gLogSd += wj * (z * z - 1.0) + (1.0 - wj) * g[j] * r[j];
            }
            gradient[b.LogSd(term)] += gLogSd + 1.0 + dPrior * sd;
        }
    }

    /// <summary>
    /// Each term's sd drawn again given every level's effect r = U − μ (<see cref="ScaleInterweaving"/>), outermost first:
    /// the totals U, hence the likelihood and the children's laws, stay; each sampled value becomes
    /// t = w μ + r s'^{w−1}. The density is evaluated again afterwards.
    /// </summary>
    public override InterweaveEffect Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng)
    {
        var b = _b;
        b.Effects(position, _r, _u, _scale);
        bool moved = false;
        for (int c = 0; c < b.Chain.Length; c++)
        {
            int term = b.Chain[c];
            var r = _r[term];
            int logSdAt = b.LogSd(term);
            if (!ScaleInterweaving.TryDraw(b.Parts[term].SdPriors[0], position[logSdAt], TensorPrimitives.SumOfSquares<double>(r), r.Length, rng, out double drawn))
                continue;
            position[logSdAt] = drawn;
            var t = position.Slice(b.Latent(term), r.Length);
            var w = b.Weights[term];
            int[] parent = b.Parents[c];
            double[]? parentTotals = c == 0 ? null : _u[b.Chain[c - 1]];
            for (int j = 0; j < t.Length; j++)
            {
                double mu = parentTotals is null ? 0.0 : parentTotals[parent[j]];
                t[j] = w[j] * mu + r[j] * Math.Exp((w[j] - 1.0) * drawn);
            }
            moved = true;
        }
        return moved ? InterweaveEffect.NeedsEvaluation : InterweaveEffect.None;
    }
}
