// One chain's evaluation of normal (or Student-t) effects: r = diag(sd) L z, gathered into η, scattered back, chained to log sd, L and z.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The log-density part of <see cref="NormalEffects"/>: Σ log|J| of log sd, the LKJ density of Ω in the unconstrained values
/// (its prior part LKJ(Ω) counted in lprior, the rest as Jacobian), Σ log N(z | 0, 1), the sd priors, the Student-t scale
/// mixture where present; the effects r = diag(sd) L z enter η through the term's <see cref="TermMatrix"/>, and reverse
/// accumulation gives ∂/∂log sd = Σ_j ∂r_cj r_cj + ∂ log p(sd)/∂sd · sd + 1, ∂z_m = Σ_{c ≥ m} sd_c L_cm ∂r_c − z_m and
/// ∂L_cm = sd_c ∂r_c · z_m, chained through <see cref="CorrelationCholesky.Backward"/>. All normalising constants are kept.
/// </summary>
internal sealed class NormalEffectsKernel : RandomEffectKernel
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private readonly NormalEffects _b;
    private readonly BoundedPrior[] _sdPriors; // an array, not the block's list: no interface call per evaluation
    private readonly double[] _r, _gradientR, _factor, _gradientFactor, _sd, _scale, _expNegW;
    private readonly int _start, _startRun;
    private readonly int _levelLow, _levelHigh; // the levels this kernel's observations reach: its gathered gradient is cleared and summed there only
    private double _df;
    private int _forwardRun, _backwardRun;

    public NormalEffectsKernel(NormalEffects block)
    {
        _b = block;
        _sdPriors = block.SdPriors.ToArray();
        int k = block.CoefficientCount, levels = block.LevelCount;
        _r = new double[k * levels];
        _gradientR = new double[k * levels];
        _factor = new double[k * k];
        _gradientFactor = new double[k * k];
        _sd = new double[k];
        _scale = new double[block.Student is null ? 0 : levels];
        _expNegW = new double[block.Student is null ? 0 : levels];
        _levelHigh = levels;
    }

    /// <summary>A partition's kernel: the effects of <paramref name="owner"/>, its own gathered gradient, passes beginning at <paramref name="start"/>.</summary>
    private NormalEffectsKernel(NormalEffectsKernel owner, int start, int end)
    {
        _b = owner._b;
        _r = owner._r;
        _gradientR = new double[owner._gradientR.Length];
        _sdPriors = [];
        _factor = _gradientFactor = _sd = _scale = _expNegW = [];
        _start = start;
        _startRun = _b.Matrix.RunAt(start);
        (_levelLow, _levelHigh) = _b.Matrix.LevelRange(start, end);
    }

    public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
    {
        var b = _b;
        int k = b.CoefficientCount, levels = b.LevelCount;
        var sd = _sd;
        for (int c = 0; c < k; c++)
        {
            double logSd = position[b.LogSdOffset + c];
            sd[c] = Math.Exp(logSd);
            extra += logSd;
        }
        var z = position.Slice(b.ZOffset, k * levels);
        var r = _r.AsSpan();
        if (b.Correlated)
        {
            double eta0 = b.LkjEta;
            var y = position.Slice(b.CorrelationOffset, b.CorrelationCount);
            double lkjY = CorrelationCholesky.ForwardKernel(y, k, eta0, _factor) + b.LkjLogNormaliserY;
            double lkjOmega = CorrelationCholesky.LkjLogKernel(_factor, k, eta0) - b.LkjLogNormaliser;
            logPrior += lkjOmega;
            extra += lkjY - lkjOmega;
            var factor = _factor;
            for (int c = 0; c < k; c++)
            {
                var rc = r.Slice(c * levels, levels);
                TensorPrimitives.Multiply(z.Slice(0, levels), sd[c] * factor[c * k], rc);
                for (int m = 1; m <= c; m++)
                    TensorPrimitives.MultiplyAdd(z.Slice(m * levels, levels), sd[c] * factor[c * k + m], rc, rc);
            }
        }
        else
        {
            for (int c = 0; c < k; c++)
                TensorPrimitives.Multiply(z.Slice(c * levels, levels), sd[c], r.Slice(c * levels, levels));
        }
        extra -= 0.5 * TensorPrimitives.SumOfSquares(z) + z.Length * HalfLogTwoPi;
        b.Student?.Forward(position.Slice(b.DfOffset, 1 + levels), r, k, _scale, _expNegW, out _df, ref logPrior, ref extra);
    }

    public override void AddTo(Span<double> eta, int start)
    {
        if (start == _start) _forwardRun = _startRun;
        _b.Matrix.AddTo(eta, _r, start, ref _forwardRun);
    }

    public override bool CanSetEta => _b.Matrix.CanSet;

    public override void SetEta(Span<double> eta, double constant, int start)
    {
        if (start == _start) _forwardRun = _startRun;
        _b.Matrix.SetTo(eta, _r, constant, start, ref _forwardRun);
    }

    public override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start)
    {
        if (start == _start)
        {
            for (int c = 0, levels = _b.LevelCount; c < _b.CoefficientCount; c++)
                _gradientR.AsSpan(c * levels + _levelLow, _levelHigh - _levelLow).Clear();
            _backwardRun = _startRun;
        }
        _b.Matrix.AccumulateGradient(gradientEta, _gradientR, start, ref _backwardRun);
    }

    public override RandomEffectKernel CreatePartition(int start, int end) => new NormalEffectsKernel(this, start, end);

    /// <summary>
    /// Sums the partitions' gathered gradients in partition order, each over the levels its observations reach (elsewhere
    /// it holds zeros, whose addition would change nothing): for a term the observations are sorted by, each partition adds
    /// its own stretch of levels instead of all of them.
    /// </summary>
    public override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions)
    {
        var sum = _gradientR.AsSpan();
        sum.Clear();
        int levels = _b.LevelCount;
        foreach (var item in partitions)
        {
            var partition = (NormalEffectsKernel)item;
            int low = partition._levelLow, count = partition._levelHigh - low;
            for (int c = 0; c < _b.CoefficientCount; c++)
            {
                var slice = sum.Slice(c * levels + low, count);
                TensorPrimitives.Add(slice, partition._gradientR.AsSpan(c * levels + low, count), slice);
            }
        }
    }

    public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
    {
        var b = _b;
        int k = b.CoefficientCount, levels = b.LevelCount;
        var sd = _sd;
        var r = _r.AsSpan();
        var gr = _gradientR.AsSpan();
        var z = position.Slice(b.ZOffset, k * levels);
        var gz = gradient.Slice(b.ZOffset, k * levels);
        for (int c = 0; c < k; c++)
        {
            double lp = _sdPriors[c].LogDensity(sd[c], out double d);
            logPrior += lp;
            // ∂/∂log sd_c: likelihood through r_c = sd_c (L z)_c, prior, Jacobian.
            gradient[b.LogSdOffset + c] += TensorPrimitives.Dot(gr.Slice(c * levels, levels), r.Slice(c * levels, levels)) + d * sd[c] + 1.0;
        }
        b.Student?.Backward(position.Slice(b.DfOffset, 1 + levels), gradient.Slice(b.DfOffset, 1 + levels), r, gr, k, _scale, _expNegW, _df);
        if (b.Correlated)
        {
            var factor = _factor;
            var gFactor = _gradientFactor.AsSpan();
            gFactor.Clear();
            for (int m = 0; m < k; m++)
            {
                var gzm = gz.Slice(m * levels, levels);
                // ∂z_m = Σ_{c ≥ m} sd_c L_cm ∂r_c − z_m.
                TensorPrimitives.Negate(z.Slice(m * levels, levels), gzm);
                for (int c = m; c < k; c++)
                    TensorPrimitives.MultiplyAdd(gr.Slice(c * levels, levels), sd[c] * factor[c * k + m], gzm, gzm);
            }
            for (int c = 0; c < k; c++)
                for (int m = 0; m <= c; m++)
                    gFactor[c * k + m] = sd[c] * TensorPrimitives.Dot(gr.Slice(c * levels, levels), z.Slice(m * levels, levels));
            var y = position.Slice(b.CorrelationOffset, b.CorrelationCount);
            CorrelationCholesky.Backward(y, k, b.LkjEta, factor, gFactor, gradient.Slice(b.CorrelationOffset, b.CorrelationCount));
        }
        else
        {
            for (int c = 0; c < k; c++)
            {
                var gzc = gz.Slice(c * levels, levels);
                TensorPrimitives.Multiply(gr.Slice(c * levels, levels), sd[c], gzc);
                TensorPrimitives.Subtract(gzc, z.Slice(c * levels, levels), gzc);
            }
        }
    }

    /// <summary>Each sd of an uncorrelated term with normal effects drawn again given its effects r = sd z (<see cref="ScaleInterweaving"/>).</summary>
    public override InterweaveEffect Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng)
    {
        var b = _b;
        if (b.Correlated || b.Student is not null) return InterweaveEffect.None;
        bool moved = false;
        int levels = b.LevelCount;
        for (int c = 0; c < b.CoefficientCount; c++)
        {
            int z = b.ZOffset + c * levels;
            moved |= ScaleInterweaving.Update(_sdPriors[c], ref position[b.LogSdOffset + c], position.Slice(z, levels),
                ref gradient[b.LogSdOffset + c], gradient.Slice(z, levels), ref logDensity, rng);
        }
        return moved ? InterweaveEffect.Updated : InterweaveEffect.None;
    }
}
