// Per-draw log prior and log likelihood of a fit from its draws and its model, the inputs of power-scaling.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// ℓ_prior(θ_s) = <see cref="IStatisticalModel.LogPrior"/> (the joint prior of every reported quantity) and
/// ℓ_lik(θ_s) = Σ_i log p(y_i | θ_s) from <see cref="IStatisticalModel.PointwiseLogLikelihood"/>, one value
/// per draw in <see cref="Draws.AllChains"/> order, for <see cref="PowerScaling.Analyze(Draws, ReadOnlySpan{double}, ReadOnlySpan{double}, PowerScalingOptions?)"/>.
/// The model gives only the joint log prior, so power-scaling of a single prior class is not available here.
/// </summary>
public static class ModelLogDensities
{
    /// <summary>The per-draw log prior and summed log likelihood.</summary>
    /// <exception cref="InputException">A draw has a non-finite log prior or log likelihood.</exception>
    public static (double[] LogPrior, double[] LogLikelihood) Compute(Draws draws, IStatisticalModel model)
    {
        var reported = new ReportedDraws(draws, model);
        int s = draws.DrawCount;
        var logPrior = new double[s];
        var logLikelihood = new double[s];
        var outputs = new double[reported.OutputCount];
        var pointwise = new double[model.ObservationCount];
        for (int d = 0; d < s; d++)
        {
            reported.Fill(d, outputs);
            logPrior[d] = model.LogPrior(outputs);
            model.PointwiseLogLikelihood(outputs, pointwise);
            double sum = 0;
            foreach (double v in pointwise) sum += v;
            logLikelihood[d] = sum;
            if (!double.IsFinite(logPrior[d]) || !double.IsFinite(sum))
                throw new InputException($"Draw {d + 1} has a non-finite log prior or log likelihood; power-scaling needs finite values for every draw.");
        }
        return (logPrior, logLikelihood);
    }
}
