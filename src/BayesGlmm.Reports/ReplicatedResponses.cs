// Replicated responses at evenly spaced posterior draws, for the report's predictive overlay and test statistics.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Reports;

/// <summary>Draws y_rep from the model at <c>count</c> draws spread evenly over all chains.</summary>
internal static class ReplicatedResponses
{
    /// <summary>
    /// Fills <paramref name="replicates"/> (count × N, row-major) with one replicate per selected draw, from the
    /// random stream (fit seed, 0xF17, <paramref name="purpose"/>) so a report is reproducible.
    /// </summary>
    public static void Fill(FitResult fit, IStatisticalModel model, int count, ulong purpose, Span<double> replicates)
    {
        var reported = new ReportedDraws(fit.Draws, model);
        var rng = new RandomStream(fit.Record.Seed, 0xF17, purpose);
        int n = model.ObservationCount;
        var outputs = new double[reported.OutputCount];
        for (int k = 0; k < count; k++)
        {
            reported.Fill((int)((long)k * reported.DrawCount / count), outputs);
            model.ReplicateResponse(outputs, rng, replicates.Slice(k * n, n));
        }
    }
}
