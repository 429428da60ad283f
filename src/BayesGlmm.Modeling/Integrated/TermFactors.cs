// One chain's covariance factors T_t = diag(sd) L of the terms an integrated block covers: forward from log sd and correlations, backward to them.
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The hyperparameter side of an integrated block's kernel: per term, sd = e^{log sd} and the LKJ-distributed Cholesky
/// factor L of the correlations (<see cref="CorrelationCholesky"/>; the identity for an independent term), T = diag(sd) L,
/// with the same priors, Jacobians and LKJ terms as the joint route's kernel (lprior gets the sd priors and LKJ(Ω), the
/// rest is Jacobian). Backward chains ∂/∂T to ∂/∂log sd_c = sd_c Σ_m ∂T_cm L_cm + ∂ log p(sd_c)/∂sd_c · sd_c + 1 and
/// ∂/∂L_cm = sd_c ∂T_cm. Nothing allocates per call.
/// </summary>
internal sealed class TermFactors
{
    private readonly IReadOnlyList<NormalEffects> _terms;
    private readonly int[] _offset;
    private readonly double[] _sd, _correlation, _gradientCorrelation;

    /// <summary>Scratch for <paramref name="terms"/>, with T_t at the layout's factor offset (K_t × K_t row-major).</summary>
    public TermFactors(IReadOnlyList<NormalEffects> terms, EffectLayout layout)
    {
        _terms = terms;
        _offset = layout.FactorOffset;
        int length = layout.FactorLength;
        _sd = new double[terms.Sum(t => t.CoefficientCount)];
        _correlation = new double[length];
        _gradientCorrelation = new double[length];
        Factors = new double[length];
    }

    /// <summary>T_t of the last <see cref="Forward"/>, every term at its offset.</summary>
    public double[] Factors { get; }

    /// <summary>Reads log sd and the correlations, forms T; adds Jacobians and the LKJ terms.</summary>
    public void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
    {
        for (int t = 0, s = 0; t < _terms.Count; s += _terms[t].CoefficientCount, t++)
        {
            var b = _terms[t];
            int k = b.CoefficientCount, o = _offset[t];
            var l = _correlation.AsSpan(o, k * k);
            for (int c = 0; c < k; c++)
            {
                double logSd = position[b.LogSdOffset + c];
                _sd[s + c] = Math.Exp(logSd);
                extra += logSd;
            }
            if (b.Correlated)
            {
                var y = position.Slice(b.CorrelationOffset, b.CorrelationCount);
                double lkjY = CorrelationCholesky.ForwardKernel(y, k, b.LkjEta, l) + b.LkjLogNormaliserY;
                double lkjOmega = CorrelationCholesky.LkjLogKernel(l, k, b.LkjEta) - b.LkjLogNormaliser;
                logPrior += lkjOmega;
                extra += lkjY - lkjOmega;
            }
            else
            {
                l.Clear();
                for (int c = 0; c < k; c++) l[c * k + c] = 1.0;
            }
            for (int c = 0; c < k; c++)
                for (int m = 0; m < k; m++) Factors[o + c * k + m] = m <= c ? _sd[s + c] * l[c * k + m] : 0.0;
        }
    }

    /// <summary>Adds the gradient of log sd and the correlations given ∂/∂T (<paramref name="gradientFactors"/>, lower triangles) and the sd priors.</summary>
    public void Backward(ReadOnlySpan<double> position, ReadOnlySpan<double> gradientFactors, Span<double> gradient, ref double logPrior)
    {
        for (int t = 0, s = 0; t < _terms.Count; s += _terms[t].CoefficientCount, t++)
        {
            var b = _terms[t];
            int k = b.CoefficientCount, o = _offset[t];
            var l = _correlation.AsSpan(o, k * k);
            for (int c = 0; c < k; c++)
            {
                double sd = _sd[s + c];
                logPrior += b.SdPriors[c].LogDensity(sd, out double d);
                double g = 0;
                for (int m = 0; m <= c; m++) g += gradientFactors[o + c * k + m] * l[c * k + m];
                gradient[b.LogSdOffset + c] += g * sd + d * sd + 1.0;
            }
            if (!b.Correlated) continue;
            var gl = _gradientCorrelation.AsSpan(o, k * k);
            gl.Clear();
            for (int c = 0; c < k; c++)
                for (int m = 0; m <= c; m++) gl[c * k + m] = _sd[s + c] * gradientFactors[o + c * k + m];
            var y = position.Slice(b.CorrelationOffset, b.CorrelationCount);
            CorrelationCholesky.Backward(y, k, b.LkjEta, l, gl, gradient.Slice(b.CorrelationOffset, b.CorrelationCount));
        }
    }
}
