// One chain's evaluation of nested random intercepts with the inner term centred: v gathered into η, the two normal densities chained back.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The log-density part of <see cref="NestedCentredEffects"/>: with r_B = sd_B z_B and r_A = v − r_B[p], it adds
/// log sd_A + log sd_B (the Jacobians of the log sds), Σ_b log N(z_b | 0, 1) + Σ_a log N(r_A,a | 0, sd_A²) and the sd priors;
/// η takes v through the inner term's <see cref="TermMatrix"/>. With q_a = r_A,a / sd_A² and g_a the gathered ∂ℓ/∂η:
/// ∂v_a = g_a − q_a; ∂z_b = sd_B Σ_{p(a)=b} q_a − z_b; ∂log sd_B = Σ_b r_B,b Σ_{p(a)=b} q_a + ∂log p(sd_B)/∂sd_B · sd_B + 1;
/// ∂log sd_A = Σ_a (r_A,a q_a − 1) + ∂log p(sd_A)/∂sd_A · sd_A + 1. All normalising constants are kept.
/// Centred on the intercept a (<see cref="NestedCentredEffects.CentredOnIntercept"/>) the outer values are the means μ with
/// r_B = μ − a, the inner ones the totals w with r_A = w − μ[p], and η takes w − a; with s_b = r_B,b / sd_B²:
/// ∂w_a = g_a − q_a; ∂μ_b = Σ_{p(a)=b} q_a − s_b; ∂a gains Σ_b s_b − Σ_a g_a (the fixed part adds Σ_a g_a back);
/// ∂log sd_B = Σ_b (r_B,b s_b − 1) + ∂log p(sd_B)/∂sd_B · sd_B + 1.
/// </summary>
internal sealed class NestedCentredEffectsKernel : GatheredLevelsKernel
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private readonly NestedCentredEffects _b;
    private readonly int[] _parent;
    private readonly BoundedPrior _innerPrior, _outerPrior;
    private readonly double[] _rA, _rB, _sumQ;
    private readonly double[] _innerCount; // n_b: the inner levels in each outer level
    private double _sdA, _sdB;

    public NestedCentredEffectsKernel(NestedCentredEffects block) : base(block.Inner.Matrix, new double[block.Inner.LevelCount])
    {
        _b = block;
        _parent = block.Parent;
        _innerPrior = block.Inner.SdPriors[0];
        _outerPrior = block.Outer.SdPriors[0];
        int innerLevels = block.Inner.LevelCount, outerLevels = block.Outer.LevelCount;
        _rA = new double[innerLevels];
        _rB = new double[outerLevels];
        _sumQ = new double[outerLevels];
        _innerCount = new double[outerLevels];
        foreach (int p in _parent) _innerCount[p] += 1;
    }

    /// <summary>A partition's kernel: the totals of <paramref name="owner"/>, its own gathered gradient, passes beginning at <paramref name="start"/>.</summary>
    private NestedCentredEffectsKernel(NestedCentredEffectsKernel owner, int start) : base(owner, start)
    {
        _b = owner._b;
        _parent = owner._parent;
        _innerPrior = owner._innerPrior;
        _outerPrior = owner._outerPrior;
        _rA = _rB = _sumQ = _innerCount = [];
    }

    public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
    {
        var b = _b;
        double logSdA = position[b.InnerLogSd], logSdB = position[b.OuterLogSd];
        _sdA = Math.Exp(logSdA);
        _sdB = Math.Exp(logSdB);
        extra += logSdA + logSdB;
        var outer = position.Slice(b.OuterLatent, _rB.Length);
        var w = position.Slice(b.InnerLatent, Values.Length);
        var rA = _rA;
        var rB = _rB;
        b.Effects(position, _sdB, rB, rA);
        // η takes w − a (w alone when not centred on the intercept); the outer density is of r_B, or of the standard normal z.
        if (b.CentredOnIntercept)
        {
            TensorPrimitives.Subtract(w, b.Intercept(position), Values);
            extra -= 0.5 * TensorPrimitives.SumOfSquares<double>(rB) / (_sdB * _sdB) + rB.Length * (logSdB + HalfLogTwoPi);
        }
        else
        {
            w.CopyTo(Values);
            extra -= 0.5 * TensorPrimitives.SumOfSquares(outer) + outer.Length * HalfLogTwoPi;
        }
        extra -= 0.5 * TensorPrimitives.SumOfSquares<double>(rA) / (_sdA * _sdA) + rA.Length * (logSdA + HalfLogTwoPi);
    }

    public override RandomEffectKernel CreatePartition(int start, int end) => new NestedCentredEffectsKernel(this, start);

    public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
    {
        var b = _b;
        double sdA = _sdA, sdB = _sdB, precisionA = 1.0 / (sdA * sdA);
        logPrior += _innerPrior.LogDensity(sdA, out double dA);
        logPrior += _outerPrior.LogDensity(sdB, out double dB);
        var rA = _rA;
        var parent = _parent;
        var sumQ = _sumQ.AsSpan();
        sumQ.Clear();
        var gv = gradient.Slice(b.InnerLatent, rA.Length);
        double sumRq = 0;
        for (int a = 0; a < rA.Length; a++)
        {
            double q = rA[a] * precisionA;
            gv[a] = Gathered[a] - q;
            sumQ[parent[a]] += q;
            sumRq += rA[a] * q;
        }
        gradient[b.InnerLogSd] += sumRq - rA.Length + dA * sdA + 1.0;
        var outer = position.Slice(b.OuterLatent, _rB.Length);
        var gOuter = gradient.Slice(b.OuterLatent, _rB.Length);
        if (b.CentredOnIntercept)
        {
            var rB = _rB;
            double precisionB = 1.0 / (sdB * sdB), sumS = 0, sumRs = 0;
            for (int j = 0; j < gOuter.Length; j++)
            {
                double s = rB[j] * precisionB;
                gOuter[j] = sumQ[j] - s;
                sumS += s;
                sumRs += rB[j] * s;
            }
            gradient[b.InterceptPosition] += sumS - TensorPrimitives.Sum<double>(Gathered);
            gradient[b.OuterLogSd] += sumRs - rB.Length + dB * sdB + 1.0;
            return;
        }
        for (int j = 0; j < gOuter.Length; j++) gOuter[j] = sdB * sumQ[j] - outer[j];
        gradient[b.OuterLogSd] += TensorPrimitives.Dot(_rB, sumQ) + dB * sdB + 1.0;
    }

    /// <summary>Sweeps of the blocked Gibbs sampler per move (<see cref="Interweave"/>): enough to mix the two sds given v.</summary>
    internal const int GibbsSweeps = 50;

    /// <summary>
    /// The pair's hierarchy drawn again given the inner totals v, which alone carry the data (η takes v): a blocked Gibbs
    /// sampler of <see cref="GibbsSweeps"/> sweeps of r_B | sd_B, sd_A, v (normal: precision 1/sd_B² + n_b/sd_A², mean
    /// Σ_{p(a)=b} v_a / sd_A² over it), sd_B | r_B and sd_A | r_A = v − r_B[p] (<see cref="ScaleInterweaving.TryDraw"/>),
    /// then z_B = r_B / sd_B. Every step is an exact conditional of the posterior, and none needs the likelihood; the sds
    /// of the two terms then move where the Hamiltonian's coordinates couple them to thousands of effects (the interweaving
    /// of Yu &amp; Meng 2011 carried to the whole pair). None when the pair is centred on the intercept.
    /// </summary>
    public override InterweaveEffect Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng)
    {
        var b = _b;
        if (b.CentredOnIntercept) return InterweaveEffect.None;
        int levels = b.Outer.LevelCount;
        var z = position.Slice(b.OuterLatent, levels);
        var v = position.Slice(b.InnerLatent, b.Inner.LevelCount);
        var parent = _parent;
        var rB = _rB;     // scratch until the next evaluation
        var sumV = _sumQ; // likewise
        Array.Clear(sumV);
        for (int a = 0; a < v.Length; a++) sumV[parent[a]] += v[a];
        double sB = position[b.OuterLogSd], sA = position[b.InnerLogSd];
        bool moved = false;
        for (int sweep = 0; sweep < GibbsSweeps; sweep++)
        {
            double sdB = Math.Exp(sB), sdA = Math.Exp(sA);
            double precisionB = 1 / (sdB * sdB), precisionA = 1 / (sdA * sdA), sumSquaresB = 0;
            for (int j = 0; j < levels; j++)
            {
                double precision = precisionB + _innerCount[j] * precisionA;
                rB[j] = sumV[j] * precisionA / precision + rng.NextStandardNormal() / Math.Sqrt(precision);
                sumSquaresB += rB[j] * rB[j];
            }
            if (ScaleInterweaving.TryDraw(_outerPrior, sB, sumSquaresB, levels, rng, out double drawnB)) sB = drawnB;
            double sumSquaresA = 0;
            for (int a = 0; a < v.Length; a++)
            {
                double r = v[a] - rB[parent[a]];
                sumSquaresA += r * r;
            }
            if (ScaleInterweaving.TryDraw(_innerPrior, sA, sumSquaresA, v.Length, rng, out double drawnA)) sA = drawnA;
            moved = true;
        }
        if (!moved) return InterweaveEffect.None;
        double finalSdB = Math.Exp(sB);
        for (int j = 0; j < levels; j++) z[j] = rB[j] / finalSdB;
        position[b.OuterLogSd] = sB;
        position[b.InnerLogSd] = sA;
        return InterweaveEffect.NeedsEvaluation;
    }
}
