// The model's log density with its exact analytic gradient: the fixed effects, the family parameters and every block, one evaluator per chain.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Sampling;
using BayesGlmm.Numerics.Random;

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
/// <para>Within-chain parallelism: with at least 2 · <see cref="PartitionLength"/> observations the chunks are grouped into
/// <see cref="PartitionCount"/> fixed partitions of consecutive chunks, a number that depends on N alone. Each partition has
/// its own likelihood pass, share of Xᵀ ∂η and block kernels (<see cref="RandomEffectKernel.CreatePartition(int, int)"/>); the
/// evaluator's threads (<see cref="Threads"/>: thread t takes partitions t, t + T, ...) evaluate them, and the partial log
/// likelihoods, gradients and running sums are added in partition order 0, 1, ..., P − 1 on the calling thread. Every
/// floating-point operation is therefore the same whatever the number of threads, and so are the draws.</para>
/// </remarks>
public sealed class GlmmEvaluator : ISeparableLogDensity, IInterweavingDensity, IDisposable
{
    /// <summary>Observations per chunk of the fused pass: eta, ∂eta and the data of a chunk fit the first-level cache.</summary>
    public const int ChunkLength = 512;

    /// <summary>The fewest observations per partition: below 2 · this many the observations form one partition (one thread).</summary>
    public const int PartitionLength = 64 * ChunkLength;

    /// <summary>The most partitions, and so the most threads one evaluator can use.</summary>
    public const int MaxPartitions = 16;

    private readonly GlmmStructure _s;
    private readonly LikelihoodPass? _pass;
    private readonly RandomEffectKernel[] _kernels;
    private readonly IntegratedKernel? _integrated;
    private readonly TotalsShift[] _shifts;
    private readonly double[] _eta, _gradientEta, _theta, _gradientTheta, _priorB, _gradientB, _gradientInterceptPrior;
    private readonly double[] _scratchGradient;
    private readonly Partition[] _partitions = [];
    private readonly double[][] _threadEta = [], _threadGradientEta = [];
    private readonly double[] _b = [];
    private readonly WorkerTeam? _team;
    private readonly RandomEffectKernel[] _partitionKernels = [];
    private readonly int _startingKernel = -1;

    /// <summary>One partition's chunks and what it accumulates over them.</summary>
    private sealed class Partition(int start, int end, LikelihoodPass pass, RandomEffectKernel[] kernels, int fixedCount)
    {
        public int Start { get; } = start;
        public int End { get; } = end;
        public LikelihoodPass Pass { get; } = pass;
        public RandomEffectKernel[] Kernels { get; } = kernels;
        public double[] GradientB { get; } = new double[fixedCount];
        public double LogLikelihood { get; set; }
    }

    /// <summary>
    /// Each block's exact move (<see cref="RandomEffectKernel.Interweave"/>), in block order, then the translations of the
    /// coefficients constant within a nested pair's inner levels (<see cref="TotalsShift"/>); the density is evaluated again
    /// only where a move could not update it in closed form.
    /// </summary>
    public int Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng)
    {
        bool evaluate = false;
        foreach (var kernel in _kernels) evaluate |= kernel.Interweave(position, gradient, ref logDensity, rng) == InterweaveEffect.NeedsEvaluation;
        foreach (var shift in _shifts) evaluate |= shift.Move(position, rng);
        if (!evaluate) return 0;
        logDensity = Evaluate(position, gradient);
        return 1;
    }

    /// <summary>An evaluator on the calling thread with its own scratch over the shared <paramref name="structure"/>.</summary>
    public GlmmEvaluator(GlmmStructure structure) : this(structure, 1) { }

    /// <summary>
    /// An evaluator with its own scratch over the shared <paramref name="structure"/> that spreads the partitions of the
    /// observations over <paramref name="threads"/> threads (the caller and threads − 1 of its own; at most
    /// <see cref="PartitionCount"/> are used). Dispose it to end its threads.
    /// </summary>
    public GlmmEvaluator(GlmmStructure structure, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _s = structure;
        _kernels = structure.Blocks.Select(b => b.CreateKernel()).ToArray();
        _shifts = TotalsShift.For(structure);
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
        // A random intercept over runs starts η of each chunk (constant + its effect, stored run by run) and X b is added to it,
        // instead of a fill, the sweep of X b and an add per run.
        if (_pass is not null && structure.Fixed.StartsFromEffects) _startingKernel = Array.FindIndex(_kernels, k => k.CanSetEta);
        int partitions = PartitionsOf(structure);
        if (partitions > 1)
        {
            var chunked = (IPiecewiseLikelihood)structure.Likelihood;
            int chunks = (structure.ObservationCount + ChunkLength - 1) / ChunkLength;
            _partitions = new Partition[partitions];
            for (int p = 0; p < partitions; p++)
            {
                int start = (int)((long)p * chunks / partitions) * ChunkLength;
                int end = Math.Min(structure.ObservationCount, (int)((long)(p + 1) * chunks / partitions) * ChunkLength);
                _partitions[p] = new Partition(start, end, chunked.CreatePass(), _kernels.Select(k => k.CreatePartition(start, end)).ToArray(), structure.FixedCount);
            }
            Threads = Math.Min(threads, partitions);
            _threadEta = new double[Threads][];
            _threadGradientEta = new double[Threads][];
            for (int t = 0; t < Threads; t++)
            {
                _threadEta[t] = t == 0 ? _eta : new double[ChunkLength];
                _threadGradientEta[t] = t == 0 ? _gradientEta : new double[ChunkLength];
            }
            _b = new double[structure.FixedCount];
            _partitionKernels = new RandomEffectKernel[partitions];
            if (Threads > 1) _team = new WorkerTeam(Threads, EvaluatePartitions);
        }
    }

    /// <summary>
    /// The number of fixed partitions of <paramref name="observations"/> observations evaluated separately when the family is
    /// evaluated in chunks: one below 2 · <see cref="PartitionLength"/>, else N / <see cref="PartitionLength"/> up to
    /// <see cref="MaxPartitions"/>. It depends on N alone, never on the number of threads.
    /// </summary>
    public static int PartitionsFor(int observations) => Math.Clamp(observations / PartitionLength, 1, MaxPartitions);

    /// <summary>How many partitions the observations of <paramref name="structure"/> form: <see cref="PartitionsFor"/> when its likelihood is evaluated in chunks, else 1.</summary>
    public static int PartitionsOf(GlmmStructure structure) =>
        structure.Blocks.Any(b => b.IsIntegrated) || structure.Likelihood is not IPiecewiseLikelihood || structure.Likelihood.LinearPredictorCount != 1
            ? 1 : PartitionsFor(structure.ObservationCount);

    /// <summary>The number of partitions this evaluator's observations form (the most threads it can use).</summary>
    public int PartitionCount => Math.Max(1, _partitions.Length);

    /// <summary>The threads that evaluate the partitions, the calling thread included.</summary>
    public int Threads { get; } = 1;

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

        // Prior only: no likelihood.
        logLikelihood = s.PriorOnly ? NoLikelihood()
            : _pass is null ? LikelihoodInOnePass(b)
            : _partitions.Length > 0 ? LikelihoodInPartitions(b, _pass)
            : LikelihoodInChunks(b, _pass);
        if (!double.IsFinite(logLikelihood)) return double.NegativeInfinity;

        s.Fixed.AddPriors(b, _gradientB, gradient, _priorB, _gradientInterceptPrior, ref logPrior);
        s.Family.Backward(position, _theta, _gradientTheta, gradient, ref logPrior);
        foreach (var kernel in _kernels) kernel.Backward(position, gradient, ref logPrior);

        double total = logPrior + extra + logLikelihood;
        return double.IsFinite(total) ? total : double.NegativeInfinity;
    }

    /// <summary>
    /// The likelihood switched off (<see cref="GlmmStructure.PriorOnly"/>): 0, with no gradient in b or θ, and the blocks
    /// given ∂ℓ/∂η = 0 (chunk by chunk, as a likelihood pass would) so that their effects' gradients are zero too.
    /// </summary>
    private double NoLikelihood()
    {
        Array.Clear(_gradientB);
        Array.Clear(_gradientTheta);
        Array.Clear(_gradientEta);
        var gEta = _gradientEta.AsSpan();
        for (int t = 0; t < _kernels.Length; t++)
        {
            int length = _s.Blocks[t].Layout.EtaLength;
            for (int start = 0; start < length; start += gEta.Length)
                _kernels[t].AccumulateGradient(gEta[..Math.Min(gEta.Length, length - start)], start);
        }
        return 0.0;
    }

    /// <summary>
    /// The likelihood over whole arrays (families that are not piecewise, several linear predictors, or a block that integrates
    /// its effects out): fills <see cref="_gradientB"/> with Xᵀ ∂eta, the blocks' gradients of their effects and ∂θ. A block
    /// that integrates its effects out and is the only one may take b itself (<see cref="IntegratedKernel.TakesCoefficients"/>):
    /// then no η is formed.
    /// </summary>
    private double LikelihoodInOnePass(ReadOnlySpan<double> b)
    {
        var s = _s;
        if (_integrated is { TakesCoefficients: true } && _kernels.Length == 1)
            return _integrated.LikelihoodAtCoefficients(b, _theta, _gradientB, _gradientTheta);
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
            Predict(b, kernels, eta, start);

            logLikelihood += pass.Add(start, eta, gEta);

            s.Fixed.AccumulateGradient(gEta, _gradientB, start);
            for (int t = 0; t < kernels.Length; t++) kernels[t].AccumulateGradient(gEta, start);
        }
        return logLikelihood + pass.Finish(_gradientTheta);
    }

    /// <summary>
    /// The same as <see cref="LikelihoodInChunks"/>, partition by partition on <see cref="Threads"/> threads, the partitions'
    /// log likelihoods, Xᵀ ∂eta, scatters and running sums then added in partition order.
    /// </summary>
    private double LikelihoodInPartitions(ReadOnlySpan<double> b, LikelihoodPass pass)
    {
        b.CopyTo(_b);
        if (_team is null) EvaluatePartitions(0);
        else _team.Run();
        var partitions = _partitions;
        double logLikelihood = 0.0;
        Array.Clear(_gradientB);
        pass.Begin(_theta);
        foreach (var partition in partitions)
        {
            logLikelihood += partition.LogLikelihood;
            TensorPrimitives.Add(_gradientB, partition.GradientB, _gradientB);
            pass.Merge(partition.Pass);
        }
        var kernels = _partitionKernels;
        for (int t = 0; t < _kernels.Length; t++)
        {
            for (int p = 0; p < partitions.Length; p++) kernels[p] = partitions[p].Kernels[t];
            _kernels[t].GatherPartitions(kernels);
        }
        return logLikelihood + pass.Finish(_gradientTheta);
    }

    /// <summary>Thread <paramref name="thread"/>'s share: partitions thread, thread + T, ..., each over its chunks with the thread's eta and ∂eta.</summary>
    private void EvaluatePartitions(int thread)
    {
        var s = _s;
        ReadOnlySpan<double> b = _b;
        var etaBuffer = _threadEta[thread];
        var gradientBuffer = _threadGradientEta[thread];
        for (int p = thread; p < _partitions.Length; p += Threads)
        {
            var partition = _partitions[p];
            var kernels = partition.Kernels;
            var pass = partition.Pass;
            pass.Begin(_theta);
            Array.Clear(partition.GradientB);
            double logLikelihood = 0.0;
            for (int start = partition.Start; start < partition.End; start += ChunkLength)
            {
                int length = Math.Min(ChunkLength, partition.End - start);
                var eta = etaBuffer.AsSpan(0, length);
                var gEta = gradientBuffer.AsSpan(0, length);
                Predict(b, kernels, eta, start);

                logLikelihood += pass.Add(start, eta, gEta);

                s.Fixed.AccumulateGradient(gEta, partition.GradientB, start);
                for (int t = 0; t < kernels.Length; t++) kernels[t].AccumulateGradient(gEta, start);
            }
            partition.LogLikelihood = logLikelihood;
        }
    }

    /// <summary>
    /// η of observations start .. start + eta.Length: offset + X b, then every block's effects; or, with a starting block
    /// (<see cref="RandomEffectKernel.CanSetEta"/>), that block's effects plus the constant columns, then X b and the other blocks.
    /// </summary>
    private void Predict(ReadOnlySpan<double> b, RandomEffectKernel[] kernels, Span<double> eta, int start)
    {
        var fixedEffects = _s.Fixed;
        int first = _startingKernel;
        if (first < 0)
        {
            fixedEffects.Predict(b, eta, start);
            for (int t = 0; t < kernels.Length; t++) kernels[t].AddTo(eta, start);
            return;
        }
        kernels[first].SetEta(eta, fixedEffects.ConstantTerm(b), start);
        fixedEffects.AddProduct(b, eta, start);
        for (int t = 0; t < kernels.Length; t++)
            if (t != first) kernels[t].AddTo(eta, start);
    }

    /// <summary>Ends the evaluator's threads.</summary>
    public void Dispose() => _team?.Dispose();
}
