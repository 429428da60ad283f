// Keeps a fit's draws in memory as reported quantities, counts each chain's progress and divergences per phase.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Output;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The <see cref="IDrawSink"/> of a fit. For every sampling draw it computes the model's reported quantities with
/// <see cref="IStatisticalModel.WriteOutputs"/> (drawing any per-draw quantities from the chain's own stream
/// <c>RandomStream(seed, chain, 1)</c>), keeps them with the sampler columns, and hands them to an optional
/// <see cref="IDrawListener"/>. It records how far every chain got (warmup iterations, draws) and counts
/// divergent transitions in warmup and in sampling apart, reporting both as <see cref="FitProgress"/>.
/// Chains call it concurrently, each on its own state.
/// </summary>
public sealed class DrawCollector : IDrawSink
{
    private readonly IStatisticalModel _model;
    private readonly Draws _draws;
    private readonly RandomStream[] _streams;
    private readonly double[][] _outputs;
    private readonly IDrawListener? _listener;
    private readonly IProgress<FitProgress>? _progress;
    private readonly int _warmup, _total, _refresh;

    /// <summary>Creates storage for <paramref name="options"/>' chains × draws.</summary>
    public DrawCollector(IStatisticalModel model, SamplerOptions options, IDrawListener? listener, IProgress<FitProgress>? progress)
    {
        _model = model;
        _listener = listener;
        _progress = progress;
        int chains = options.Chains, k = model.OutputNames.Count;
        _draws = new Draws(VariableNames(model), chains, options.Draws);
        _streams = new RandomStream[chains];
        _outputs = new double[chains][];
        for (int c = 0; c < chains; c++)
        {
            _streams[c] = new RandomStream(options.Seed, (ulong)c, 1UL);
            _outputs[c] = new double[k];
        }
        WarmupIterations = new int[chains];
        DrawCounts = new int[chains];
        WarmupDivergences = new int[chains];
        SamplingDivergences = new int[chains];
        _warmup = options.Warmup;
        _total = options.Warmup + options.Draws;
        _refresh = Math.Max(1, _total / 100);
    }

    /// <summary>The variables kept: the model's reported quantities, then the sampler quantities.</summary>
    public static IReadOnlyList<string> VariableNames(IStatisticalModel model) => model.OutputNames.Concat(StanNameMap.SamplerColumns).ToArray();

    /// <summary>
    /// Stores one sampling draw in the layout of <see cref="VariableNames"/>: the reported quantities, then the
    /// sampler columns in <see cref="StanNameMap.SamplerColumns"/> order.
    /// </summary>
    public static void Store(Draws draws, int chain, int iteration, ReadOnlySpan<double> outputs, in SamplerStatistics statistics)
    {
        int k = outputs.Length;
        for (int v = 0; v < k; v++) draws.Chain(v, chain)[iteration] = outputs[v];
        draws.Chain(k, chain)[iteration] = statistics.LogDensity;
        draws.Chain(k + 1, chain)[iteration] = statistics.AcceptStat;
        draws.Chain(k + 2, chain)[iteration] = statistics.StepSize;
        draws.Chain(k + 3, chain)[iteration] = statistics.TreeDepth;
        draws.Chain(k + 4, chain)[iteration] = statistics.LeapfrogSteps;
        draws.Chain(k + 5, chain)[iteration] = statistics.Divergent ? 1 : 0;
        draws.Chain(k + 6, chain)[iteration] = statistics.Energy;
    }

    /// <summary>The storage: every chain's draws up to <see cref="DrawCounts"/>.</summary>
    public Draws Storage => _draws;

    /// <summary>Warmup iterations each chain made.</summary>
    public int[] WarmupIterations { get; }

    /// <summary>Sampling draws each chain made.</summary>
    public int[] DrawCounts { get; }

    /// <summary>Divergent transitions of each chain during warmup.</summary>
    public int[] WarmupDivergences { get; }

    /// <summary>Divergent transitions of each chain after warmup.</summary>
    public int[] SamplingDivergences { get; }

    /// <inheritdoc />
    public void OnDraw(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> position, in SamplerStatistics statistics)
    {
        int done;
        if (isWarmup)
        {
            WarmupIterations[chain] = iteration + 1;
            if (statistics.Divergent) WarmupDivergences[chain]++;
            done = iteration + 1;
        }
        else
        {
            double[] outputs = _outputs[chain];
            _model.WriteOutputs(position, outputs, _streams[chain]);
            Store(_draws, chain, iteration, outputs, statistics);
            _listener?.OnDraw(chain, iteration, outputs, statistics);
            DrawCounts[chain] = iteration + 1;
            if (statistics.Divergent) SamplingDivergences[chain]++;
            done = _warmup + iteration + 1;
        }
        if (_progress is not null && (done % _refresh == 0 || done == _warmup || done == _total))
            _progress.Report(new FitProgress(chain, done, _warmup, _total, WarmupDivergences[chain], SamplingDivergences[chain]));
    }
}
