// One chain's evaluation of a smooth's penalised part: s = sds z, η += Z_s s, ∂s = Z_sᵀ ∂η chained to log sds and z.
using System.Numerics.Tensors;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The log-density part of <see cref="SmoothEffects"/>: log sds (its Jacobian), Σ log N(z_j | 0, 1) and the sds prior; the
/// effects s = sds · z enter η as the dense product Z_s s, column by column over each chunk, and reverse accumulation gives
/// ∂/∂log sds = Σ_j ∂s_j s_j + ∂ log p(sds)/∂sds · sds + 1 and ∂z_j = sds ∂s_j − z_j. All normalising constants are kept.
/// </summary>
internal sealed class SmoothEffectsKernel : RandomEffectKernel
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private readonly SmoothEffects _b;
    private readonly double[] _s, _gradientS;
    private readonly int _start;
    private double _sds;

    public SmoothEffectsKernel(SmoothEffects block)
    {
        _b = block;
        _s = new double[block.Count];
        _gradientS = new double[block.Count];
    }

    /// <summary>A partition's kernel: the effects of <paramref name="owner"/>, its own gathered gradient, passes beginning at <paramref name="start"/>.</summary>
    private SmoothEffectsKernel(SmoothEffectsKernel owner, int start)
    {
        _b = owner._b;
        _s = owner._s;
        _gradientS = new double[owner._gradientS.Length];
        _start = start;
    }

    public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
    {
        double logSds = position[_b.LogSdsOffset];
        _sds = Math.Exp(logSds);
        extra += logSds;
        var z = position.Slice(_b.ZOffset, _b.Count);
        TensorPrimitives.Multiply(z, _sds, _s);
        extra -= 0.5 * TensorPrimitives.SumOfSquares(z) + z.Length * HalfLogTwoPi;
    }

    public override void AddTo(Span<double> eta, int start)
    {
        var z = _b.EvaluationZ;
        for (int j = 0; j < _s.Length; j++)
            TensorPrimitives.MultiplyAdd(z.Column(j).Slice(start, eta.Length), _s[j], eta, eta);
    }

    public override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start)
    {
        if (start == _start) Array.Clear(_gradientS);
        var z = _b.EvaluationZ;
        for (int j = 0; j < _gradientS.Length; j++)
            _gradientS[j] += TensorPrimitives.Dot(z.Column(j).Slice(start, gradientEta.Length), gradientEta);
    }

    public override RandomEffectKernel CreatePartition(int start, int end) => new SmoothEffectsKernel(this, start);

    public override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions)
    {
        var sum = _gradientS.AsSpan();
        sum.Clear();
        foreach (var partition in partitions) TensorPrimitives.Add(sum, ((SmoothEffectsKernel)partition)._gradientS, sum);
    }

    public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
    {
        logPrior += _b.SdsPrior.LogDensity(_sds, out double d);
        gradient[_b.LogSdsOffset] += TensorPrimitives.Dot(_gradientS, _s) + d * _sds + 1.0;
        var z = position.Slice(_b.ZOffset, _b.Count);
        var gz = gradient.Slice(_b.ZOffset, _b.Count);
        TensorPrimitives.MultiplyAdd(_gradientS, _sds, gz, gz);
        TensorPrimitives.Subtract(gz, z, gz);
    }
}
