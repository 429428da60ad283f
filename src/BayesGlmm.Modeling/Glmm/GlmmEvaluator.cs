// The GLMM log density with its exact analytic gradient, one evaluator per chain with preallocated scratch.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Evaluates log p(position) = Σ log prior(b, sd, θ) + Σ_terms log LKJ-in-y + Σ log|Jacobians| + Σ log N(z | 0, 1)
/// + log p(y | eta, θ), with eta = X b + offset + Σ_terms gather(Z, r), r_j = diag(sd) L z_j per level
/// (the non-centred parameterisation, Papaspiliopoulos, Roberts &amp; Sköld 2007), and its gradient by
/// reverse accumulation: ∂b = Xᵀ ∂eta, ∂r = scatter(Z ⊙ ∂eta), then through diag(sd) L z to log sd, the
/// canonical partial correlations and z. All normalising constants are kept. Nothing allocates per call.
/// With several linear predictors (the categorical family) eta is N × D column-major and every column of X
/// and every block reads and writes the N-long slice of its own predictor (<see cref="GlmmStructure.ColumnPredictor"/>,
/// <see cref="GlmmStructure.BlockPredictor"/>); with one predictor that slice is all of eta.
/// </summary>
/// <remarks>
/// When the family can be evaluated piecewise (<see cref="IPiecewiseLikelihood"/>), the observations are
/// visited in chunks of <see cref="ChunkLength"/>: eta of one chunk is built (offset, X b, the gathers), the
/// likelihood evaluated there, and Xᵀ ∂eta and the scatters accumulated before the next chunk, so eta and
/// ∂eta stay in the first-level cache and the data are read once per evaluation instead of once per operation.
/// </remarks>
public sealed class GlmmEvaluator : ISeparableLogDensity
{
    /// <summary>Observations per chunk of the fused pass: eta, ∂eta and the data of a chunk fit the first-level cache.</summary>
    public const int ChunkLength = 512;

    private const double HalfLogTwoPi = 0.91893853320467274178;
    private readonly GlmmStructure _s;
    private readonly LikelihoodPass? _pass;
    private readonly int[] _forwardRun, _backwardRun;
    private readonly double[] _eta, _gradientEta, _theta, _gradientTheta, _priorB, _gradientB, _gradientInterceptPrior;
    private readonly double[][] _r, _gradientR, _factor, _gradientFactor, _sd, _scale, _expNegW;
    private readonly double[] _df;
    private readonly double[] _scratchGradient;

    /// <summary>An evaluator with its own scratch over the shared <paramref name="structure"/>.</summary>
    public GlmmEvaluator(GlmmStructure structure)
    {
        _s = structure;
        int n = structure.ObservationCount * structure.Likelihood.LinearPredictorCount;
        if (structure.Likelihood is IPiecewiseLikelihood piecewise && structure.Likelihood.LinearPredictorCount == 1)
        {
            _pass = piecewise.CreatePass();
            n = Math.Min(n, ChunkLength);
        }
        _eta = new double[n];
        _gradientEta = new double[n];
        _theta = new double[structure.FamilyParameters.Count];
        _gradientTheta = new double[structure.FamilyParameters.Count];
        _priorB = new double[structure.FixedCount];
        _gradientB = new double[structure.FixedCount];
        _gradientInterceptPrior = new double[structure.PredictorCount];
        int terms = structure.Blocks.Length;
        _forwardRun = new int[terms];
        _backwardRun = new int[terms];
        _r = new double[terms][];
        _gradientR = new double[terms][];
        _factor = new double[terms][];
        _gradientFactor = new double[terms][];
        _sd = new double[terms][];
        _scale = new double[terms][];
        _expNegW = new double[terms][];
        _df = new double[terms];
        for (int t = 0; t < terms; t++)
        {
            var block = structure.Blocks[t];
            int k = block.CoefficientCount;
            _r[t] = new double[k * block.LevelCount];
            _gradientR[t] = new double[k * block.LevelCount];
            _factor[t] = new double[k * k];
            _gradientFactor[t] = new double[k * k];
            _sd[t] = new double[k];
            _scale[t] = new double[block.Student ? block.LevelCount : 0];
            _expNegW[t] = new double[block.Student ? block.LevelCount : 0];
        }
        _scratchGradient = new double[structure.Dimension];
    }

    /// <inheritdoc />
    public int Dimension => _s.Dimension;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) =>
        Compute(position, gradient, out _, out _);

    /// <inheritdoc />
    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position)
    {
        Compute(position, _scratchGradient, out double logPrior, out double logLikelihood);
        return (logPrior, logLikelihood);
    }

    /// <summary>
    /// Fills <paramref name="gradient"/> and returns the log density; <paramref name="logPrior"/> is the
    /// prior of b, sd, cor (LKJ density of Ω) and θ without Jacobians, <paramref name="logLikelihood"/> the
    /// likelihood.
    /// </summary>
    private double Compute(ReadOnlySpan<double> position, Span<double> gradient, out double logPrior, out double logLikelihood)
    {
        var s = _s;
        if (position.Length != s.Dimension || gradient.Length != s.Dimension)
            throw new ArgumentException($"Expected position and gradient of length {s.Dimension}.");
        gradient.Clear();
        logPrior = 0.0;
        logLikelihood = double.NaN;
        double extra = 0.0; // Jacobians, LKJ-in-y minus LKJ(Ω), z densities
        int p = s.FixedCount;
        var b = position[..p];

        // Family parameters θ = lb + exp(u); Jacobian u.
        int f = s.FamilyParameters.Count;
        for (int i = 0; i < f; i++)
        {
            if (s.IsOrdered(i)) continue;
            double u = position[s.FamilyOffset + i];
            _theta[i] = s.FamilyParameters[i].LowerBound + Math.Exp(u);
            extra += u;
        }
        // Ordered cutpoints τ_1 = u_1, τ_k = τ_{k−1} + exp(u_k); Jacobian Σ_{k≥2} u_k.
        if (s.OrderedCount > 0)
            extra += OrderedCutpoints.Constrain(position.Slice(s.FamilyOffset + s.OrderedStart, s.OrderedCount), _theta.AsSpan(s.OrderedStart, s.OrderedCount));

        // Group-level terms: r = diag(sd) L z.
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount, levels = block.LevelCount;
            var sd = _sd[t];
            for (int c = 0; c < k; c++)
            {
                double logSd = position[s.LogSdOffset[t] + c];
                sd[c] = Math.Exp(logSd);
                extra += logSd;
            }
            var z = position.Slice(s.ZOffset[t], k * levels);
            var r = _r[t].AsSpan();
            if (block.Correlated)
            {
                double eta0 = s.Priors.LkjEta[t];
                var y = position.Slice(s.CorrelationOffset[t], CorrelationCholesky.FreeCount(k));
                double lkjY = CorrelationCholesky.ForwardKernel(y, k, eta0, _factor[t]) + s.LkjLogNormaliserY[t];
                double lkjOmega = CorrelationCholesky.LkjLogKernel(_factor[t], k, eta0) - s.LkjLogNormaliser[t];
                logPrior += lkjOmega;
                extra += lkjY - lkjOmega;
                var factor = _factor[t];
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
            if (block.Student)
            {
                // HGLM_NOTES §4: df = 1 + e^ζ, w_j = log udf_j, udf_j ~ inv_chi_square(df), r_j ← sqrt(df e^(w_j)) r_j.
                double zeta = position[s.DfOffset[t]];
                double df = _df[t] = 1.0 + Math.Exp(zeta);
                extra += zeta;
                logPrior += s.Priors.DegreesOfFreedom[t]!.LogDensity(df, out _);
                var w = position.Slice(s.DfOffset[t] + 1, levels);
                var scale = _scale[t].AsSpan();
                var expNegW = _expNegW[t].AsSpan();
                TensorPrimitives.Negate(w, expNegW);
                TensorPrimitives.Exp(expNegW, expNegW);
                TensorPrimitives.Multiply(w, 0.5, scale);
                TensorPrimitives.Exp(scale, scale);
                TensorPrimitives.Multiply(scale, Math.Sqrt(df), scale);
                extra += levels * (-0.5 * df * Math.Log(2.0) - MathNet.Numerics.SpecialFunctions.GammaLn(0.5 * df))
                         - 0.5 * df * TensorPrimitives.Sum(w) - 0.5 * TensorPrimitives.Sum<double>(expNegW);
                for (int c = 0; c < k; c++)
                {
                    var rc = r.Slice(c * levels, levels);
                    TensorPrimitives.Multiply(rc, scale, rc);
                }
            }
        }

        // Likelihood with eta = offset + X b + Σ_terms gather(Z, r); ∂b = Xᵀ ∂eta, ∂r = scatter(Z ⊙ ∂eta).
        logLikelihood = _pass is null ? LikelihoodInOnePass(b) : LikelihoodInChunks(b, _pass);
        if (!double.IsFinite(logLikelihood)) return double.NegativeInfinity;

        // Priors on the coefficients as they apply (a centred intercept, or the reported one chained through the
        // internal centring: InterceptPriorShift); likelihood part Xᵀ ∂eta.
        s.PriorScaleFixed(b, _priorB);
        var intercepts = s.Predictors.InterceptColumns;
        for (int j = 0; j < p; j++)
        {
            double lp = s.Priors.FixedEffects[j].LogDensity(_priorB[j], out double d);
            logPrior += lp;
            gradient[j] += d + _gradientB[j];
            if (j == intercepts[s.ColumnPredictor[j]]) _gradientInterceptPrior[s.ColumnPredictor[j]] = d;
        }
        for (int d = 0; d < s.PredictorCount; d++)
            if (s.InterceptPriorShift[d] is { } shift)
                for (int j = 0; j < p; j++)
                    if (j != intercepts[d]) gradient[j] += shift[j] * _gradientInterceptPrior[d];

        // Family parameters: ∂/∂u = (∂ℓ/∂θ + ∂ log p(θ)/∂θ) (θ − lb) + 1.
        for (int i = 0; i < f; i++)
        {
            double lp = s.Priors.FamilyParameters[i].LogDensity(_theta[i], out double d);
            logPrior += lp;
            if (s.IsOrdered(i)) { _gradientTheta[i] += d; continue; }
            double e = _theta[i] - s.FamilyParameters[i].LowerBound;
            gradient[s.FamilyOffset + i] += (_gradientTheta[i] + d) * e + 1.0;
        }

        if (s.OrderedCount > 0)
            OrderedCutpoints.ChainGradient(position.Slice(s.FamilyOffset + s.OrderedStart, s.OrderedCount),
                _gradientTheta.AsSpan(s.OrderedStart, s.OrderedCount), gradient.Slice(s.FamilyOffset + s.OrderedStart, s.OrderedCount));

        // Group-level terms, backwards.
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount, levels = block.LevelCount;
            var sd = _sd[t];
            var r = _r[t].AsSpan();
            var gr = _gradientR[t].AsSpan();
            var z = position.Slice(s.ZOffset[t], k * levels);
            var gz = gradient.Slice(s.ZOffset[t], k * levels);
            for (int c = 0; c < k; c++)
            {
                double lp = s.Priors.StandardDeviations[t][c].LogDensity(sd[c], out double d);
                logPrior += lp;
                // ∂/∂log sd_c: likelihood through r_c = sd_c (L z)_c, prior, Jacobian.
                gradient[s.LogSdOffset[t] + c] += TensorPrimitives.Dot(gr.Slice(c * levels, levels), r.Slice(c * levels, levels)) + d * sd[c] + 1.0;
            }
            if (block.Student)
            {
                // ∂r/∂w_j = r_j / 2, ∂r/∂df = r / (2 df); then ∂ (the unscaled r) = ∂r ⊙ scale.
                double df = _df[t];
                var w = position.Slice(s.DfOffset[t] + 1, levels);
                var gw = gradient.Slice(s.DfOffset[t] + 1, levels);
                var scale = _scale[t].AsSpan();
                for (int c = 0; c < k; c++)
                {
                    var grc = gr.Slice(c * levels, levels);
                    var rc = r.Slice(c * levels, levels);
                    for (int j = 0; j < levels; j++) gw[j] += 0.5 * grc[j] * rc[j];
                }
                double gDf = TensorPrimitives.Sum<double>(gw) / df;
                // The inv_chi_square density of udf in w: ∂w_j = −df/2 + e^(−w_j)/2; ∂df = Σ_j (−½ log 2 − ½ ψ(df/2) − ½ w_j).
                TensorPrimitives.MultiplyAdd(_expNegW[t], 0.5, gw, gw);
                TensorPrimitives.Add(gw, -0.5 * df, gw);
                gDf += levels * (-0.5 * Math.Log(2.0) - 0.5 * MathNet.Numerics.SpecialFunctions.DiGamma(0.5 * df)) - 0.5 * TensorPrimitives.Sum(w);
                s.Priors.DegreesOfFreedom[t]!.LogDensity(df, out double dPrior);
                gradient[s.DfOffset[t]] += (gDf + dPrior) * (df - 1.0) + 1.0;
                for (int c = 0; c < k; c++)
                {
                    var grc = gr.Slice(c * levels, levels);
                    TensorPrimitives.Multiply(grc, scale, grc);
                }
            }
            if (block.Correlated)
            {
                var factor = _factor[t];
                var gFactor = _gradientFactor[t].AsSpan();
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
                var y = position.Slice(s.CorrelationOffset[t], CorrelationCholesky.FreeCount(k));
                CorrelationCholesky.Backward(y, k, s.Priors.LkjEta[t], factor, gFactor,
                    gradient.Slice(s.CorrelationOffset[t], CorrelationCholesky.FreeCount(k)));
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
        double total = logPrior + extra + logLikelihood;
        return double.IsFinite(total) ? total : double.NegativeInfinity;
    }

    /// <summary>
    /// The likelihood over whole arrays, one operation at a time (families that are not piecewise): fills
    /// <see cref="_gradientB"/> with Xᵀ ∂eta, every term's ∂r and ∂θ.
    /// </summary>
    private double LikelihoodInOnePass(ReadOnlySpan<double> b)
    {
        var s = _s;
        var eta = _eta.AsSpan();
        int n = s.ObservationCount;
        // eta = offset + X b + Σ Z r, column j of X and block t into the N-long slice of their own linear predictor.
        if (s.Offset is { } offset) offset.CopyTo(eta); else eta.Clear();
        for (int j = 0; j < s.FixedCount; j++)
        {
            var etaJ = eta.Slice(s.ColumnPredictor[j] * n, n);
            if (s.ColumnIsOnes[j]) TensorPrimitives.Add(etaJ, b[j], etaJ);
            else TensorPrimitives.MultiplyAdd(s.X.Column(j), b[j], etaJ, etaJ);
        }
        for (int t = 0; t < s.Blocks.Length; t++) s.Blocks[t].AddTo(eta.Slice(s.BlockEtaStart[t], s.BlockEtaLength[t]), _r[t]);
        double logLikelihood = s.Likelihood.Evaluate(eta, _theta, _gradientEta, _gradientTheta);
        if (!double.IsFinite(logLikelihood)) return logLikelihood;
        var gEta = _gradientEta.AsSpan();
        for (int j = 0; j < s.FixedCount; j++)
        {
            var gEtaJ = gEta.Slice(s.ColumnPredictor[j] * n, n);
            _gradientB[j] = s.ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gEtaJ) : TensorPrimitives.Dot(s.X.Column(j), gEtaJ);
        }
        for (int t = 0; t < s.Blocks.Length; t++) s.Blocks[t].Gradient(gEta.Slice(s.BlockEtaStart[t], s.BlockEtaLength[t]), _gradientR[t]);
        return logLikelihood;
    }

    /// <summary>
    /// The same as <see cref="LikelihoodInOnePass"/>, chunk by chunk: eta of <see cref="ChunkLength"/> observations,
    /// their likelihood and ∂eta, then their share of Xᵀ ∂eta and of the scatters.
    /// </summary>
    private double LikelihoodInChunks(ReadOnlySpan<double> b, LikelihoodPass pass)
    {
        var s = _s;
        int n = s.ObservationCount, p = s.FixedCount, terms = s.Blocks.Length;
        pass.Begin(_theta);
        Array.Clear(_gradientB);
        for (int t = 0; t < terms; t++)
        {
            Array.Clear(_gradientR[t]);
            _forwardRun[t] = 0;
            _backwardRun[t] = 0;
        }
        double logLikelihood = 0.0;
        for (int start = 0; start < n; start += ChunkLength)
        {
            int length = Math.Min(ChunkLength, n - start);
            var eta = _eta.AsSpan(0, length);
            var gEta = _gradientEta.AsSpan(0, length);
            if (s.Offset is { } offset) offset.AsSpan(start, length).CopyTo(eta); else eta.Clear();
            for (int j = 0; j < p; j++)
            {
                if (s.ColumnIsOnes[j]) TensorPrimitives.Add(eta, b[j], eta);
                else TensorPrimitives.MultiplyAdd(s.X.Column(j).Slice(start, length), b[j], eta, eta);
            }
            for (int t = 0; t < terms; t++) s.Blocks[t].AddTo(eta, _r[t], start, ref _forwardRun[t]);

            logLikelihood += pass.Add(start, eta, gEta);

            for (int j = 0; j < p; j++)
                _gradientB[j] += s.ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gEta) : TensorPrimitives.Dot(s.X.Column(j).Slice(start, length), gEta);
            for (int t = 0; t < terms; t++) s.Blocks[t].AccumulateGradient(gEta, _gradientR[t], start, ref _backwardRun[t]);
        }
        return logLikelihood + pass.Finish(_gradientTheta);
    }
}
