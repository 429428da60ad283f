// Receives draws from the sampler, turns positions into reported quantities and streams each chain's CmdStan CSV.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Output;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// An <see cref="IDrawSink"/> that, for every sampling iteration, computes the model's reported quantities
/// with <see cref="IStatisticalModel.WriteOutputs"/> (drawing any per-draw quantities from the chain's own
/// stream <c>RandomStream(seed, chain, 1)</c>), appends the row to the chain's CmdStan CSV file at once, and
/// keeps it in memory for the summary. Chains call it concurrently, each on its own state.
/// </summary>
public sealed class ChainFileSink : IDrawSink, IDisposable
{
    private readonly IStatisticalModel _model;
    private readonly StanNameMap _map;
    private readonly CmdStanCsvWriter[] _writers;
    private readonly RandomStream[] _streams;
    private readonly double[][] _outputs;
    private readonly double[][] _columns;
    private readonly Draws _draws;
    private readonly int[] _completed;

    /// <summary>Creates one chain file per chain, <c>chain-1.csv</c>, ..., in <paramref name="directory"/>.</summary>
    public ChainFileSink(IStatisticalModel model, StanNameMap map, string directory, CmdStanRunInfo info, int chains, int draws, ulong seed)
    {
        _model = model;
        _map = map;
        int k = model.OutputNames.Count;
        _writers = new CmdStanCsvWriter[chains];
        _streams = new RandomStream[chains];
        _outputs = new double[chains][];
        _columns = new double[chains][];
        _completed = new int[chains];
        _draws = new Draws(VariableNames(model), chains, draws);
        try
        {
            for (int c = 0; c < chains; c++)
            {
                string name = FileName(c);
                _writers[c] = new CmdStanCsvWriter(Path.Combine(directory, name), info with { ChainId = c + 1, OutputFile = name }, map.ColumnNames);
                _streams[c] = new RandomStream(seed, (ulong)c, 1UL);
                _outputs[c] = new double[k];
                _columns[c] = new double[k];
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The variables kept in memory: the model's reported quantities, then the sampler quantities.</summary>
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

    /// <summary>The file name of chain <paramref name="chain"/> (0-based).</summary>
    public static string FileName(int chain) => "chain-" + (chain + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".csv";

    /// <summary>The sampling draws finished per chain.</summary>
    public IReadOnlyList<int> CompletedDraws => _completed;

    /// <inheritdoc />
    public void OnDraw(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> position, in SamplerStatistics statistics)
    {
        if (isWarmup) return;
        double[] outputs = _outputs[chain], columns = _columns[chain];
        _model.WriteOutputs(position, outputs, _streams[chain]);
        var cols = _map.Columns;
        for (int j = 0; j < columns.Length; j++) columns[j] = outputs[cols[j].OutputIndex];
        _writers[chain].WriteDraw(statistics, columns);

        Store(_draws, chain, iteration, outputs, statistics);
        _completed[chain] = iteration + 1;
    }

    /// <summary>Completes every chain file with its adaptation results and timing.</summary>
    public void Complete(SamplingResult result)
    {
        foreach (var chain in result.Chains)
        {
            _writers[chain.Chain].Complete(chain.StepSize, chain.InverseMetric, chain.WarmupTime, chain.SamplingTime);
        }
    }

    /// <summary>
    /// The draws kept in memory; when chains finished different numbers of draws (an interrupted run),
    /// every chain is cut to the shortest.
    /// </summary>
    public Draws Draws()
    {
        int n = _completed.Min();
        if (n == _draws.IterationCount) return _draws;
        var cut = new Draws(_draws.Variables, _draws.ChainCount, n);
        for (int v = 0; v < _draws.Variables.Count; v++)
            for (int c = 0; c < _draws.ChainCount; c++) _draws.Chain(v, c)[..n].CopyTo(cut.Chain(v, c));
        return cut;
    }

    /// <summary>Closes every file still open.</summary>
    public void Dispose()
    {
        foreach (var w in _writers) w?.Dispose();
    }
}
