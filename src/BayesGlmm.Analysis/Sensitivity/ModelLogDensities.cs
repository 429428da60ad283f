// Per-draw log prior and log likelihood of a fit from its draws and its model, the inputs of power-scaling.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// ℓ_prior(θ_s) = <see cref="IStatisticalModel.LogPrior"/> (the joint prior of every reported quantity), or the sum
/// of the selected terms of <see cref="IPriorClasses.LogPriorTerms"/> for a prior selection, and
/// ℓ_lik(θ_s) = Σ_i log p(y_i | θ_s) from <see cref="IStatisticalModel.PointwiseLogLikelihood"/>, one value
/// per draw in <see cref="Draws.AllChains"/> order, for <see cref="PowerScaling.Analyze(Draws, ReadOnlySpan{double}, ReadOnlySpan{double}, PowerScalingOptions?)"/>.
/// </summary>
public static class ModelLogDensities
{
    /// <summary>
    /// The per-draw log prior (the priors picked by <paramref name="priorSelection"/>, see
    /// <see cref="PriorClassSelection"/>; null for all) and summed log likelihood.
    /// </summary>
    /// <exception cref="InputException">A draw has a non-finite log prior or log likelihood, or the selection is not available.</exception>
    public static (double[] LogPrior, double[] LogLikelihood) Compute(Draws draws, IStatisticalModel model, IReadOnlyCollection<string>? priorSelection = null)
    {
        bool[]? selected = PriorClassSelection.Resolve(model, priorSelection);
        var classes = model as IPriorClasses;
        var reported = new ReportedDraws(draws, model);
        int s = draws.DrawCount;
        var logPrior = new double[s];
        var logLikelihood = new double[s];
        // Draws are independent: each thread keeps its own buffers (the model's methods other than Evaluate are
        // thread-safe), and every value lands in its draw's slot, so the result does not depend on the thread count.
        Parallel.For(0, s,
            () => (Outputs: new double[reported.OutputCount], Pointwise: new double[model.ObservationCount], Terms: new double[selected?.Length ?? 0]),
            (d, _, buffers) =>
            {
                reported.Fill(d, buffers.Outputs);
                if (selected is null) logPrior[d] = model.LogPrior(buffers.Outputs);
                else
                {
                    classes!.LogPriorTerms(buffers.Outputs, buffers.Terms);
                    double prior = 0.0;
                    for (int i = 0; i < buffers.Terms.Length; i++)
                        if (selected[i]) prior += buffers.Terms[i];
                    logPrior[d] = prior;
                }
                model.PointwiseLogLikelihood(buffers.Outputs, buffers.Pointwise);
                double sum = 0;
                foreach (double v in buffers.Pointwise) sum += v;
                logLikelihood[d] = sum;
                return buffers;
            },
            _ => { });
        for (int d = 0; d < s; d++)
            if (!double.IsFinite(logPrior[d]) || !double.IsFinite(logLikelihood[d]))
                throw new InputException($"Draw {d + 1} has a non-finite log prior or log likelihood; power-scaling needs finite values for every draw.");
        return (logPrior, logLikelihood);
    }
}
