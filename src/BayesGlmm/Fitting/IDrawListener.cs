// A receiver of every kept draw of a fit, as brms-named reported quantities, while the chains run.
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// Receives each sampling draw of each chain as soon as it is made, after the model has turned the position into
/// its reported quantities (for example to stream chain files to disk, so a killed run keeps its draws).
/// </summary>
public interface IDrawListener
{
    /// <summary>
    /// Called on the chain's own thread, in order, for every sampling draw: <paramref name="chain"/> and
    /// <paramref name="draw"/> are 0-based; <paramref name="outputs"/> holds the model's reported quantities in
    /// <see cref="Modeling.IStatisticalModel.OutputNames"/> order and is valid only during the call. Calls for
    /// different chains may run concurrently.
    /// </summary>
    void OnDraw(int chain, int draw, ReadOnlySpan<double> outputs, in SamplerStatistics statistics);
}
