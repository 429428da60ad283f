// The joint route of a conjugate random intercept: v = m(λ) + s(λ) z sampled with the other parameters, gathered into η.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// A conjugate random intercept sampled jointly: v_i = m(λ) + s(λ) z_i with m and s² the mean and variance of v
/// (<see cref="ConjugateEffectLaw"/>; with the reciprocal link t_i = m + s z_i and v_i = e^(t_i)), an exact map that adds
/// log s per level (Papaspiliopoulos, Roberts &amp; Sköld 2007, applied to non-normal effects); the log density gets
/// Σ_i [log p(v_i | λ) + log s(λ)] and v enters η as a random intercept. A draw whose gamma(inverse) predictor is ≤ 0 has
/// density −∞ (the family's own check).
/// </summary>
public sealed class ConjugateJointEffects : ConjugateEffects
{
    /// <summary>The joint route of <paramref name="term"/>, laid out for the evaluation order of <paramref name="matrix"/>.</summary>
    public ConjugateJointEffects(GroupTerm term, ConjugatePair pair, BoundedPrior lambdaPrior, PriorUse lambdaUse, ResponseData response,
        TermMatrix matrix, bool hasClusterLikelihood)
        : base(term, pair, lambdaPrior, lambdaUse, response, hasClusterLikelihood)
    {
        Matrix = matrix;
    }

    /// <summary>The matrix side of the term in the evaluation order.</summary>
    public TermMatrix Matrix { get; }

    /// <summary>Where z starts in the position.</summary>
    public int ZOffset => Layout.LatentOffset;

    /// <inheritdoc />
    public override int LatentCount => LevelCount;

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new Kernel(this);

    private protected override void WriteEffects(ReadOnlySpan<double> position, double rho, Span<double> v, OutputContext context, RandomStream rng)
    {
        var law = new ConjugateEffectLaw(Pair, rho);
        var z = position.Slice(ZOffset, LevelCount);
        for (int j = 0; j < LevelCount; j++) v[j] = ConjugateEffectLaw.ToLinkScale(Pair, law.Location + law.Scale * z[j]);
    }

    /// <summary>Also writes z = (t − m(λ)) / s(λ), t = v (or log v with the reciprocal link).</summary>
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        if (!base.TryWritePosition(outputs, position)) return false;
        var law = new ConjugateEffectLaw(Pair, position[RhoOffset]);
        if (!(law.Scale > 0) || !double.IsFinite(law.Location)) return false;
        bool reciprocal = Pair == ConjugatePair.GammaInverseGammaReciprocal;
        for (int j = 0; j < LevelCount; j++)
        {
            double v = outputs[ROutput + j];
            if (reciprocal && !(v > 0)) return false;
            double t = reciprocal ? Math.Log(v) : v;
            if (!double.IsFinite(t)) return false;
            position[ZOffset + j] = (t - law.Location) / law.Scale;
        }
        return true;
    }

    /// <summary>
    /// log p(v | λ) + log s per level, v gathered into η, and the chain rule back to z and ρ: ∂z_i = s ∂v_i,
    /// ∂ρ = Σ_i [∂ log p(v_i)/∂ρ + ∂v_i (m' + z_i s')] + J s'/s (HGLM_NOTES §3, "Joint route").
    /// </summary>
    private sealed class Kernel(ConjugateJointEffects block) : RandomEffectKernel
    {
        private readonly double[] _v = new double[block.LevelCount];
        private readonly double[] _effect = new double[block.LevelCount];
        private readonly double[] _densityDerivative = new double[block.LevelCount];
        private readonly double[] _gradientEffect = new double[block.LevelCount];
        private readonly bool _reciprocal = block.Pair == ConjugatePair.GammaInverseGammaReciprocal;
        private ConjugateEffectLaw _law;
        private double _rho, _densityRho;
        private int _forwardRun, _backwardRun;

        public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
        {
            int levels = block.LevelCount;
            _rho = position[block.RhoOffset];
            extra += _rho;
            _law = new ConjugateEffectLaw(block.Pair, _rho);
            double m = _law.Location, scale = _law.Scale;
            if (!(scale > 0) || !double.IsFinite(m))
            {
                extra = double.NaN; // no law at this ρ: the density is −∞
                return;
            }
            var z = position.Slice(block.ZOffset, levels);
            double densityRho = 0.0;
            for (int j = 0; j < levels; j++)
            {
                _v[j] = m + scale * z[j];
                extra += _law.LogDensity(_v[j], out _densityDerivative[j], out double d);
                densityRho += d;
            }
            _densityRho = densityRho;
            extra += levels * Math.Log(scale);
            // The link-scale effect: v itself, or e^t with the reciprocal link (whose gamma(inverse) density is NaN at a predictor ≤ 0).
            if (_reciprocal) TensorPrimitives.Exp(_v, _effect);
            else _v.AsSpan().CopyTo(_effect);
        }

        public override void AddTo(Span<double> eta, int start)
        {
            if (start == 0) _forwardRun = 0;
            block.Matrix.AddTo(eta, _effect, start, ref _forwardRun);
        }

        public override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start)
        {
            if (start == 0)
            {
                // ∂/∂v starts from the effects' own density (log link); with the reciprocal link ∂η is gathered alone and scaled by e^t after.
                if (_reciprocal) Array.Clear(_gradientEffect);
                else _densityDerivative.AsSpan().CopyTo(_gradientEffect);
                _backwardRun = 0;
            }
            block.Matrix.AccumulateGradient(gradientEta, _gradientEffect, start, ref _backwardRun);
        }

        public override RandomEffectKernel CreatePartition(int start, int end) => new Partition(block, _effect, start);

        public override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions)
        {
            var sum = _gradientEffect.AsSpan();
            if (_reciprocal) sum.Clear();
            else _densityDerivative.AsSpan().CopyTo(sum);
            foreach (var partition in partitions) TensorPrimitives.Add(sum, ((Partition)partition).Gathered, sum);
        }

        public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
        {
            int levels = block.LevelCount;
            var gv = _gradientEffect.AsSpan();
            if (_reciprocal)
                for (int j = 0; j < levels; j++) gv[j] = _densityDerivative[j] + gv[j] * _effect[j];
            var z = position.Slice(block.ZOffset, levels);
            var gz = gradient.Slice(block.ZOffset, levels);
            double scale = _law.Scale, chain = 0.0;
            for (int j = 0; j < levels; j++)
            {
                gz[j] = scale * gv[j];
                chain += gv[j] * (_law.LocationDerivative + z[j] * _law.ScaleDerivative);
            }
            double gRho = _densityRho + chain + levels * _law.ScaleDerivative / scale;
            double lambda = Math.Exp(_rho);
            logPrior += block.LambdaPrior.LogDensity(lambda, out double dLambda);
            gradient[block.RhoOffset] += gRho + dLambda * lambda + 1.0;
        }
    }
    /// <summary>One partition of the observations for <see cref="Kernel"/>: the owner's effects gathered into η, ∂η gathered into its own buffer.</summary>
    private sealed class Partition(ConjugateJointEffects block, double[] effect, int first) : RandomEffectKernel
    {
        private readonly int _startRun = block.Matrix.RunAt(first);
        private int _forwardRun, _backwardRun;

        /// <summary>Σ ∂ℓ/∂η per level over the partition's observations (scaled by Z).</summary>
        public double[] Gathered { get; } = new double[block.LevelCount];

        public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra) =>
            throw new NotSupportedException("A partition only gathers and scatters; its owner evaluates the block.");

        public override void AddTo(Span<double> eta, int start)
        {
            if (start == first) _forwardRun = _startRun;
            block.Matrix.AddTo(eta, effect, start, ref _forwardRun);
        }

        public override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start)
        {
            if (start == first)
            {
                Array.Clear(Gathered);
                _backwardRun = _startRun;
            }
            block.Matrix.AccumulateGradient(gradientEta, Gathered, start, ref _backwardRun);
        }

        public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior) =>
            throw new NotSupportedException("A partition only gathers and scatters; its owner evaluates the block.");

        public override RandomEffectKernel CreatePartition(int start, int end) => throw new NotSupportedException("A partition is not partitioned further.");

        public override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions) => throw new NotSupportedException("A partition is not partitioned further.");
    }
}
