// The model's log density with its exact analytic gradient: the fixed effects, the family parameters and every block, one evaluator per chain.
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Evaluates log p(position) = log prior(b, θ, the blocks' hyperparameters) + Σ log|Jacobians| + the blocks' latent densities
/// + log p(y | η, θ), η = offset + X b + Σ (the blocks' effects), and its gradient by reverse accumulation, in steps:
/// the family parameters forward (<see cref="FamilyParameterSet"/>), every block forward (<see cref="RandomEffectKernel"/>),
/// the likelihood pass (η, the family's likelihood and ∂η, then Xᵀ ∂η and the blocks' scatters; or the likelihood of the
/// block that integrates its effects out), the coefficients' priors (<see cref="FixedEffects"/>), the family parameters
/// backward, every block backward. All normalising constants are kept. Nothing allocates per call.
/// </summary>
/// <remarks>
/// When the family can be evaluated piecewise (<see cref="IPiecewiseLikelihood"/>), the observations are visited in chunks
/// of <see cref="ChunkLength"/>: η of one chunk is built (offset, X b, the blocks' effects), the likelihood evaluated there,
/// and Xᵀ ∂η and the scatters accumulated before the next chunk, so η and ∂η stay in the first-level cache and the data are
/// read once per evaluation instead of once per operation. With several linear predictors (the categorical family) η is
/// N × D column-major and the pass goes over whole arrays, each column of X and each block in its own slice.
/// </remarks>
public sealed class GlmmEvaluator : ISeparableLogDensity
{
    /// <summary>Observations per chunk of the fused pass: eta, ∂eta and the data of a chunk fit the first-level cache.</summary>
    public const int ChunkLength = 512;

    private readonly GlmmStructure _s;
    private readonly LikelihoodPass? _pass;
    private readonly RandomEffectKernel[] _kernels;
    private readonly IntegratedKernel? _integrated;
    private readonly double[] _eta, _gradientEta, _theta, _gradientTheta, _priorB, _gradientB, _gradientInterceptPrior;
    private readonly double[] _scratchGradient;

    /// <summary>An evaluator with its own scratch over the shared <paramref name="structure"/>.</summary>
    public GlmmEvaluator(GlmmStructure structure)
    {
        _s = structure;
        _kernels = structure.Blocks.Select(b => b.CreateKernel()).ToArray();
        _integrated = _kernels.OfType<IntegratedKernel>().SingleOrDefault();
        int n = structure.ObservationCount * structure.Likelihood.LinearPredictorCount;
        if (_integrated is null && structure.Likelihood is IPiecewiseLikelihood piecewise && structure.Likelihood.LinearPredictorCount == 1)
        {
            _pass = piecewise.CreatePass();
            n = Math.Min(n, ChunkLength);
        }
        _eta = new double[n];
        _gradientEta = new double[n];
        _theta = new double[structure.Family.Count];
        _gradientTheta = new double[structure.Family.Count];
        _priorB = new double[structure.FixedCount];
        _gradientB = new double[structure.FixedCount];
        _gradientInterceptPrior = new double[structure.PredictorCount];
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
    /// Fills <paramref name="gradient"/> and returns the log density; <paramref name="logPrior"/> is brms's lprior (the priors
    /// of b, θ and the blocks' hyperparameters, without Jacobians), <paramref name="logLikelihood"/> the likelihood (with a
    /// block's effects integrated out where it does so).
    /// </summary>
    private double Compute(ReadOnlySpan<double> position, Span<double> gradient, out double logPrior, out double logLikelihood)
    {
        var s = _s;
        if (position.Length != s.Dimension || gradient.Length != s.Dimension)
            throw new ArgumentException($"Expected position and gradient of length {s.Dimension}.");
        gradient.Clear();
        logPrior = 0.0;
        logLikelihood = double.NaN;
        double extra = 0.0; // Jacobians, latent densities
        var b = position[..s.FixedCount];

        s.Family.Forward(position, _theta, ref extra);
        foreach (var kernel in _kernels) kernel.Forward(position, ref logPrior, ref extra);

        logLikelihood = _pass is null ? LikelihoodInOnePass(b) : LikelihoodInChunks(b, _pass);
        if (!double.IsFinite(logLikelihood)) return double.NegativeInfinity;

        s.Fixed.AddPriors(b, _gradientB, gradient, _priorB, _gradientInterceptPrior, ref logPrior);
        s.Family.Backward(position, _theta, _gradientTheta, gradient, ref logPrior);
        foreach (var kernel in _kernels) kernel.Backward(position, gradient, ref logPrior);

        double total = logPrior + extra + logLikelihood;
        return double.IsFinite(total) ? total : double.NegativeInfinity;
    }

    /// <summary>
    /// The likelihood over whole arrays (families that are not piecewise, several linear predictors, or a block that integrates
    /// its effects out): fills <see cref="_gradientB"/> with Xᵀ ∂eta, the blocks' gradients of their effects and ∂θ.
    /// </summary>
    private double LikelihoodInOnePass(ReadOnlySpan<double> b)
    {
        var s = _s;
        var eta = _eta.AsSpan();
        s.Fixed.PredictAll(b, eta);
        for (int t = 0; t < _kernels.Length; t++)
        {
            var layout = s.Blocks[t].Layout;
            _kernels[t].AddTo(eta.Slice(layout.EtaStart, layout.EtaLength), 0);
        }
        double logLikelihood = _integrated is null
            ? s.Likelihood.Evaluate(eta, _theta, _gradientEta, _gradientTheta)
            : _integrated.Likelihood(eta, _theta, _gradientEta, _gradientTheta);
        if (!double.IsFinite(logLikelihood)) return logLikelihood;
        var gEta = _gradientEta.AsSpan();
        s.Fixed.GradientAll(gEta, _gradientB);
        for (int t = 0; t < _kernels.Length; t++)
        {
            var layout = s.Blocks[t].Layout;
            _kernels[t].AccumulateGradient(gEta.Slice(layout.EtaStart, layout.EtaLength), 0);
        }
        return logLikelihood;
    }

    /// <summary>
    /// The same as <see cref="LikelihoodInOnePass"/>, chunk by chunk: eta of <see cref="ChunkLength"/> observations,
    /// their likelihood and ∂eta, then their share of Xᵀ ∂eta and of the scatters.
    /// </summary>
    private double LikelihoodInChunks(ReadOnlySpan<double> b, LikelihoodPass pass)
    {
        var s = _s;
        int n = s.ObservationCount;
        var kernels = _kernels;
        pass.Begin(_theta);
        Array.Clear(_gradientB);
        double logLikelihood = 0.0;
        for (int start = 0; start < n; start += ChunkLength)
        {
            int length = Math.Min(ChunkLength, n - start);
            var eta = _eta.AsSpan(0, length);
            var gEta = _gradientEta.AsSpan(0, length);
            s.Fixed.Predict(b, eta, start);
            for (int t = 0; t < kernels.Length; t++) kernels[t].AddTo(eta, start);

            logLikelihood += pass.Add(start, eta, gEta);

            s.Fixed.AccumulateGradient(gEta, _gradientB, start);
            for (int t = 0; t < kernels.Length; t++) kernels[t].AccumulateGradient(gEta, start);
        }
        return logLikelihood + pass.Finish(_gradientTheta);
    }
}
