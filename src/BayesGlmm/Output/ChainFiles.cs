// One CmdStan CSV file per chain that has draws, written as the draws are made or from a fit in memory.
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Output;

/// <summary>
/// Writes <c>chain-1.csv</c>, <c>chain-2.csv</c>, ... into a directory. As an <see cref="IDrawListener"/> it creates a
/// chain's file at the chain's first draw and appends every draw at once (<see cref="CmdStanCsvWriter"/> flushes each
/// row), so a chain that makes no draw has no file and a killed run keeps every row written; <see cref="Complete"/>
/// then adds the adaptation results and timing. Chains call it concurrently, each on its own file.
/// </summary>
public sealed class ChainFiles : IDrawListener, IDisposable
{
    private readonly string _directory;
    private readonly StanNameMap _map;
    private readonly CmdStanRunInfo _info;
    private readonly CmdStanCsvWriter?[] _writers;
    private readonly double[][] _columns;

    /// <summary>Prepares the files of <paramref name="chains"/> chains in <paramref name="directory"/>; none is created yet.</summary>
    public ChainFiles(string directory, StanNameMap map, CmdStanRunInfo info, int chains)
    {
        _directory = directory;
        _map = map;
        _info = info;
        _writers = new CmdStanCsvWriter?[chains];
        _columns = new double[chains][];
    }

    /// <summary>The file name of chain <paramref name="chain"/> (0-based).</summary>
    public static string FileName(int chain) => "chain-" + (chain + 1).ToString(CultureInfo.InvariantCulture) + ".csv";

    /// <inheritdoc />
    public void OnDraw(int chain, int draw, ReadOnlySpan<double> outputs, in SamplerStatistics statistics)
    {
        var writer = _writers[chain];
        if (writer is null)
        {
            string name = FileName(chain);
            _writers[chain] = writer = new CmdStanCsvWriter(Path.Combine(_directory, name), _info with { ChainId = chain + 1, OutputFile = name }, _map.ColumnNames);
            _columns[chain] = new double[_map.Columns.Count];
        }
        double[] columns = _columns[chain];
        var map = _map.Columns;
        for (int j = 0; j < columns.Length; j++) columns[j] = outputs[map[j].OutputIndex];
        writer.WriteDraw(statistics, columns);
    }

    /// <summary>Completes every file with its chain's adapted step size, inverse metric and timing.</summary>
    public void Complete(FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        for (int c = 0; c < _writers.Length; c++)
        {
            if (_writers[c] is not { } writer) continue;
            var chain = fit.Record.Chains[c];
            writer.Complete(chain.StepSize, c < fit.InverseMetrics.Count ? fit.InverseMetrics[c] : [],
                TimeSpan.FromSeconds(chain.WarmupSeconds), TimeSpan.FromSeconds(chain.SamplingSeconds));
            writer.Dispose();
            _writers[c] = null;
        }
    }

    /// <summary>Writes the chain files of a fit in memory: every draw each chain made.</summary>
    public static void Write(FitResult fit, string directory, CmdStanRunInfo info)
    {
        ArgumentNullException.ThrowIfNull(fit);
        int k = fit.Record.Columns.Count;
        var map = StanNameMap.Build(fit.AllDraws.Variables.Take(k).ToArray());
        using var files = new ChainFiles(directory, map, info, fit.Record.Chains.Count);
        Draws all = fit.AllDraws;
        var outputs = new double[k];
        int lp = all.IndexOf("lp__");
        for (int c = 0; c < fit.Record.Chains.Count; c++)
        {
            for (int i = 0; i < fit.Record.Chains[c].Draws; i++)
            {
                for (int v = 0; v < k; v++) outputs[v] = all.Chain(v, c)[i];
                var statistics = new SamplerStatistics(all.Chain(lp, c)[i], all.Chain(lp + 1, c)[i], all.Chain(lp + 2, c)[i],
                    (int)all.Chain(lp + 3, c)[i], (int)all.Chain(lp + 4, c)[i], all.Chain(lp + 5, c)[i] > 0.5, all.Chain(lp + 6, c)[i]);
                files.OnDraw(c, i, outputs, statistics);
            }
        }
        files.Complete(fit);
    }

    /// <summary>Closes every file still open (they keep the draws written so far).</summary>
    public void Dispose()
    {
        foreach (var w in _writers) w?.Dispose();
    }
}
