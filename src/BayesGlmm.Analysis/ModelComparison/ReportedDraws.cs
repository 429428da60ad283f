// One posterior draw of a model's reported quantities, gathered from Draws in the model's output order.
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// Reads draw d (in <see cref="Draws.AllChains"/> order, chain 1 first) of every quantity named by
/// <see cref="IStatisticalModel.OutputNames"/>, in that order, the input of the model's per-draw
/// functions (<see cref="IStatisticalModel.PointwiseLogLikelihood"/>, <see cref="IStatisticalModel.LogPrior"/>).
/// </summary>
public sealed class ReportedDraws
{
    private readonly Draws _draws;
    private readonly int[] _indices;

    /// <summary>Maps the model's outputs to the variables of <paramref name="draws"/> by name.</summary>
    /// <exception cref="InputException">The draws lack a quantity the model reports.</exception>
    public ReportedDraws(Draws draws, IStatisticalModel model)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(model);
        _draws = draws;
        _indices = new int[model.OutputNames.Count];
        for (int v = 0; v < _indices.Length; v++)
        {
            _indices[v] = draws.IndexOf(model.OutputNames[v]);
            if (_indices[v] < 0)
                throw new InputException($"The draws have no variable '{model.OutputNames[v]}' that the rebuilt model reports; the fit and its model do not match.");
        }
    }

    /// <summary>The number of reported quantities.</summary>
    public int OutputCount => _indices.Length;

    /// <summary>The number of draws (all chains).</summary>
    public int DrawCount => _draws.DrawCount;

    /// <summary>The number of chains.</summary>
    public int ChainCount => _draws.ChainCount;

    /// <summary>Fills <paramref name="outputs"/> (length <see cref="OutputCount"/>) with draw <paramref name="draw"/>.</summary>
    public void Fill(int draw, Span<double> outputs)
    {
        for (int v = 0; v < _indices.Length; v++) outputs[v] = _draws.AllChains(_indices[v])[draw];
    }
}
