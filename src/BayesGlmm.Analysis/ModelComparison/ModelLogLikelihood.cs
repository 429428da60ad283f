// The pointwise log-likelihood of a fit computed from its draws and its model, in memory-bounded observation blocks.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// log p(y_i | θ_s) computed on demand from the reported draws and <see cref="IStatisticalModel.PointwiseLogLikelihood"/>,
/// never holding the whole draws × observations matrix when it exceeds the memory budget. Observations are
/// grouped in blocks of B columns; a block is computed by one pass over the draws (each draw gives the full
/// pointwise vector, of which the block's columns are kept) and a few recent blocks are cached, so memory is
/// at most (cached blocks) × S × B doubles. When S × N fits the budget there is one block, computed once.
/// </summary>
public sealed class ModelLogLikelihood : IPointwiseLogLikelihood
{
    /// <summary>The default budget for cached log-likelihood values: 256 MiB.</summary>
    public const long DefaultMemoryBudgetBytes = 256L * 1024 * 1024;

    private readonly ReportedDraws _draws;
    private readonly IStatisticalModel _model;
    private readonly int _blockSize;
    private readonly int _cacheSlots;
    private readonly LinkedList<(int Block, double[] Values)> _cache = new(); // most recent first
    private readonly object _gate = new();

    /// <summary>Wraps a fit's draws and its rebuilt model.</summary>
    /// <param name="draws">The fit's draws (the model's reported quantities among the variables).</param>
    /// <param name="model">The model the draws come from.</param>
    /// <param name="memoryBudgetBytes">The most bytes of cached log-likelihood values.</param>
    public ModelLogLikelihood(Draws draws, IStatisticalModel model, long memoryBudgetBytes = DefaultMemoryBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        _draws = new ReportedDraws(draws, model);
        _model = model;
        DrawCount = draws.DrawCount;
        ObservationCount = model.ObservationCount;
        ChainCount = Math.Max(1, draws.ChainCount);
        long values = Math.Max(1, memoryBudgetBytes / sizeof(double));
        if ((long)DrawCount * ObservationCount <= values)
        {
            _blockSize = ObservationCount;
            _cacheSlots = 1;
        }
        else
        {
            _cacheSlots = Math.Max(2, Environment.ProcessorCount + 1);
            _blockSize = (int)Math.Clamp(values / ((long)_cacheSlots * DrawCount), 1, ObservationCount);
        }
    }

    /// <inheritdoc />
    public int DrawCount { get; }

    /// <inheritdoc />
    public int ObservationCount { get; }

    /// <inheritdoc />
    public int ChainCount { get; }

    /// <summary>The number of observations computed together (N when the whole matrix fits the budget).</summary>
    public int BlockSize => _blockSize;

    /// <inheritdoc />
    public void Fill(int observation, Span<double> logLikelihoodOverDraws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observation);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(observation, ObservationCount);
        if (logLikelihoodOverDraws.Length != DrawCount)
            throw new ArgumentException("The span must hold one value per draw.", nameof(logLikelihoodOverDraws));
        int block = observation / _blockSize;
        double[] values = Block(block);
        int column = observation - block * _blockSize;
        values.AsSpan(column * DrawCount, DrawCount).CopyTo(logLikelihoodOverDraws);
    }

    private double[] Block(int block)
    {
        lock (_gate)
        {
            for (var node = _cache.First; node is not null; node = node.Next)
            {
                if (node.Value.Block != block) continue;
                _cache.Remove(node);
                _cache.AddFirst(node);
                return node.Value.Values;
            }
            double[] values = Compute(block);
            _cache.AddFirst((block, values));
            while (_cache.Count > _cacheSlots) _cache.RemoveLast();
            return values;
        }
    }

    /// <summary>The block's columns, column-major (observation j of the block at j·S).</summary>
    private double[] Compute(int block)
    {
        int start = block * _blockSize;
        int count = Math.Min(_blockSize, ObservationCount - start);
        var values = new double[(long)count * DrawCount];
        var outputs = new double[_draws.OutputCount];
        var pointwise = new double[ObservationCount];
        for (int s = 0; s < DrawCount; s++)
        {
            _draws.Fill(s, outputs);
            _model.PointwiseLogLikelihood(outputs, pointwise);
            for (int j = 0; j < count; j++) values[(long)j * DrawCount + s] = pointwise[start + j];
        }
        return values;
    }
}
