// Every normal term of a gaussian (identity) model integrated out exactly through the sparse Cholesky factor; the effects drawn per draw from their Gaussian conditional.
using System.Collections.Concurrent;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The integrated route of a gaussian model with the identity link: all its normal group-level terms (any number, nested
/// or crossed, correlated or not; <c>se()</c> responses included) form one block whose effects are integrated out, so the
/// log density gets log p(y | η = X b + offset, T, σ), the Gaussian marginal of <see cref="GaussianMarginal"/> (sparse
/// Cholesky factor of I + ΛᵀZᵀWZΛ/σ² with its fill-reducing order chosen once; the gradient's trace terms from the
/// selected inverse), and NUTS samples only b, σ and the terms' sds and correlations. <see cref="WriteOutputs"/> draws the
/// effects from their exact conditional N(Λ û, Λ H⁻¹ Λᵀ) given the draw, with the chain's stream. Both routes give the
/// same posterior.
/// </summary>
public sealed class IntegratedNormalEffects : IntegratedEffectBlock
{
    private readonly GaussianMarginalDesign _design;
    private readonly int[]? _order;
    private readonly ConcurrentBag<GaussianMarginal> _writers = [];

    /// <summary>
    /// The integrated route of the joint blocks <paramref name="terms"/> for the response of <paramref name="frame"/>, evaluated in
    /// <paramref name="order"/>. With <paramref name="fixedX"/>, X as the evaluator forms X b (evaluation order, centred where the
    /// model centres), the design's cross-products are those of that X, so the kernel takes b itself
    /// (<see cref="IntegratedKernel.TakesCoefficients"/>) and an evaluation costs nothing per observation; without it, the frame's X.
    /// </summary>
    public IntegratedNormalEffects(IReadOnlyList<NormalEffects> terms, ModelFrame frame, int[] order, ColumnMajorMatrix? fixedX = null)
        : base(terms)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var groupTerms = terms.Select(t => t.Term).ToArray();
        _order = Permutation(order);
        if (fixedX is null) _design = GaussianMarginalDesign.FromFrame(frame, groupTerms);
        else
        {
            int n = frame.ObservationCount, p = fixedX.Columns;
            if (fixedX.Rows != n || order.Length != n) throw new ArgumentException($"X has {fixedX.Rows} rows for {n} observations.", nameof(fixedX));
            var x = new ColumnMajorMatrix(n, p);
            for (int j = 0; j < p; j++)
                for (int i = 0; i < n; i++) x[order[i], j] = fixedX[i, j];
            _design = GaussianMarginalDesign.Create(x, frame.Response.Values, frame.Offset, frame.Response.KnownStandardErrors, groupTerms);
            TakesCoefficients = true;
        }
    }

    /// <summary>Whether the design's X is the evaluator's (so the likelihood is evaluated at b from sufficient statistics).</summary>
    public bool TakesCoefficients { get; }

    /// <summary>The design (data reduced once, the system's pattern and order).</summary>
    public GaussianMarginalDesign Design => _design;

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new Kernel(this);

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rng);
        var layout = _design.Layout;
        var factors = new double[layout.FactorLength];
        WriteHyperOutputs(position, outputs, factors, layout.FactorOffset);
        var marginal = _writers.TryTake(out var m) ? m : new GaussianMarginal(_design);
        try
        {
            double value = marginal.EvaluateAtPredictor(context.FixedPredictor, factors, LogSigma(context.FamilyValues), [], [], out _);
            if (!double.IsFinite(value)) throw new InvalidOperationException("The effects' conditional precision is not positive definite at this draw.");
            var effects = new double[layout.EffectCount];
            marginal.DrawEffects(rng, effects);
            WriteEffects(layout, effects, outputs);
        }
        finally { _writers.Add(marginal); }
    }

    /// <summary>
    /// log p(y_j· | b, σ, T) per level of the block's single term (its clusters are independent given b and σ; with several
    /// terms the likelihood does not factor by level and this throws), at one draw of the outputs: per level, with
    /// A = I + Tᵀ Z_jᵀ W Z_j T / σ² and c = Tᵀ Z_jᵀ W e_j / σ², −½ [n_j log 2π + Σ log R_nn + log det A + e_jᵀWe_j/σ² − cᵀA⁻¹c].
    /// </summary>
    public void ClusterLogLikelihood(ReadOnlySpan<double> outputs, OutputContext context, Span<double> logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TermBlocks.Count != 1) throw new InvalidOperationException("The likelihood factors by level with one group-level term only.");
        var block = TermBlocks[0];
        var term = block.Term;
        int k = block.CoefficientCount, levels = block.LevelCount, n = term.LevelOfObservation.Length;
        var law = block.NewLevels(outputs, 0)!;
        var factor = law.Factor;
        var sd = law.Sd;
        for (int c = 0; c < k; c++)
            for (int m = 0; m < k; m++) factor[c * k + m] *= sd[c];
        var eta = context.FixedPredictor;
        double logSigma = LogSigma(context.FamilyValues), s = _design.HasSigma ? Math.Exp(-2 * logSigma) : 1.0;
        var zwz = new double[levels * k * k];
        var zwe = new double[levels * k];
        var ewe = new double[levels];
        var count = new double[levels];
        var logR = new double[levels];
        int width = _design.ObservationZ.Length / Math.Max(1, n);
        for (int i = 0; i < n; i++)
        {
            int j = term.LevelOfObservation[i];
            double w = _design.Weight[i], e = _design.Response[i] - eta[i];
            ewe[j] += w * e * e;
            count[j]++;
            logR[j] += _design.HasSigma ? 2 * logSigma : -Math.Log(w);
            for (int a = 0; a < k; a++)
            {
                double za = _design.ObservationZ[i * width + a];
                zwe[j * k + a] += za * w * e;
                for (int c = 0; c < k; c++) zwz[(j * k + a) * k + c] += za * w * _design.ObservationZ[i * width + c];
            }
        }
        var h = new double[k * k];
        var rhs = new double[k];
        for (int j = 0; j < levels; j++)
        {
            // A = I + s Tᵀ B T, c = s Tᵀ z.
            for (int a = 0; a < k; a++)
            {
                double v = 0;
                for (int r = 0; r < k; r++) v += factor[r * k + a] * zwe[j * k + r];
                rhs[a] = s * v;
                for (int c = 0; c < k; c++)
                {
                    double w = 0;
                    for (int r = 0; r < k; r++)
                        for (int t = 0; t < k; t++) w += factor[r * k + a] * zwz[(j * k + r) * k + t] * factor[t * k + c];
                    h[a * k + c] = s * w + (a == c ? 1.0 : 0.0);
                }
            }
            double logDet = SmallCholesky(h, k, rhs);
            double quadratic = 0;
            for (int a = 0; a < k; a++) quadratic += rhs[a] * rhs[a];
            logLikelihood[j] = -0.5 * (count[j] * 1.8378770664093454835606594728112 + logR[j] + logDet + s * ewe[j] - quadratic);
        }
    }

    /// <summary>Factors the K × K matrix in place (lower), solves L x = b in <paramref name="b"/>; returns log det.</summary>
    private static double SmallCholesky(Span<double> a, int k, Span<double> b)
    {
        double logDet = 0;
        for (int j = 0; j < k; j++)
        {
            double d = a[j * k + j];
            for (int m = 0; m < j; m++) d -= a[j * k + m] * a[j * k + m];
            d = Math.Sqrt(d);
            a[j * k + j] = d;
            logDet += 2 * Math.Log(d);
            for (int i = j + 1; i < k; i++)
            {
                double v = a[i * k + j];
                for (int m = 0; m < j; m++) v -= a[i * k + m] * a[j * k + m];
                a[i * k + j] = v / d;
            }
        }
        for (int i = 0; i < k; i++)
        {
            double v = b[i];
            for (int m = 0; m < i; m++) v -= a[i * k + m] * b[m];
            b[i] = v / a[i * k + i];
        }
        return logDet;
    }

    private double LogSigma(ReadOnlySpan<double> theta) => _design.HasSigma ? Math.Log(theta[0]) : 0.0;

    /// <summary>The Gaussian marginal at η, ∂/∂η, ∂/∂σ, and the terms' hyperparameters through ∂/∂T.</summary>
    private sealed class Kernel : IntegratedKernel
    {
        private readonly IntegratedNormalEffects _block;
        private readonly GaussianMarginal _marginal;
        private readonly TermFactors _factors;
        private readonly double[] _gradientFactors, _eta, _gradientEta;

        public Kernel(IntegratedNormalEffects block)
        {
            _block = block;
            _marginal = new GaussianMarginal(block._design);
            _factors = new TermFactors(block.TermBlocks, block._design.Layout);
            _gradientFactors = new double[block._design.Layout.FactorLength];
            int n = block._design.ObservationCount;
            _eta = block._order is null ? [] : new double[n];
            _gradientEta = block._order is null ? [] : new double[n];
        }

        public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra) =>
            _factors.Forward(position, ref logPrior, ref extra);

        public override double Likelihood(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
        {
            var order = _block._order;
            bool sigma = _block._design.HasSigma;
            double logSigma = _block.LogSigma(theta);
            double value;
            double gLogSigma;
            if (order is null)
                value = _marginal.EvaluateAtPredictor(eta, _factors.Factors, logSigma, gradientEta, _gradientFactors, out gLogSigma);
            else
            {
                ToFrameOrder(order, eta, _eta);
                value = _marginal.EvaluateAtPredictor(_eta, _factors.Factors, logSigma, _gradientEta, _gradientFactors, out gLogSigma);
                ToEvaluationOrder(order, _gradientEta, gradientEta);
            }
            gradientTheta.Clear();
            if (sigma) gradientTheta[0] = gLogSigma / theta[0];
            return value;
        }

        public override bool TakesCoefficients => _block.TakesCoefficients;

        public override double LikelihoodAtCoefficients(ReadOnlySpan<double> b, ReadOnlySpan<double> theta, Span<double> gradientB, Span<double> gradientTheta)
        {
            if (!TakesCoefficients) return base.LikelihoodAtCoefficients(b, theta, gradientB, gradientTheta);
            double value = _marginal.Evaluate(b, _factors.Factors, _block.LogSigma(theta), gradientB, _gradientFactors, out double gLogSigma);
            gradientTheta.Clear();
            if (_block._design.HasSigma) gradientTheta[0] = gLogSigma / theta[0];
            return value;
        }

        public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior) =>
            _factors.Backward(position, _gradientFactors, gradient, ref logPrior);
    }
}
