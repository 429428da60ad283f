// Posterior predictions for new rows: E[y] and the linear predictor at every draw, summarised per row in memory-bounded blocks.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>
/// brms's <c>posterior_epred</c> and <c>posterior_linpred</c> summarised per row, for each treatment of the
/// group-level effects (<see cref="PredictionEvaluator"/>). Draws are evaluated in parallel; each draw's random
/// streams depend only on (seed, draw), so results do not depend on the number of threads. Rows are taken in blocks
/// that keep at most 2 × 16 million draw values in memory.
/// </summary>
public static class PosteriorPredictions
{
    private const long MaxValuesPerBlock = 16_000_000;

    /// <summary>Predicts every row of <paramref name="data"/> from every draw of <paramref name="draws"/>.</summary>
    public static PredictionResult Compute(GlmmModel model, ReportedDraws draws, NewDataFrame data, PredictionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draws);
        options ??= new PredictionOptions();
        var evaluator = new PredictionEvaluator(model, data, options);
        int drawCount = draws.DrawCount, rows = data.RowCount;
        if (drawCount == 0) throw new InputException("The fit has no draws to predict from.");
        int block = (int)Math.Clamp(MaxValuesPerBlock / drawCount, 1, rows);
        var eta = new double[(long)block * drawCount];
        var mean = new double[(long)block * drawCount];
        var result = new PredictionRow[rows];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        for (int start = 0; start < rows; start += block)
        {
            int count = Math.Min(block, rows - start);
            Parallel.For(0, drawCount, parallel,
                () => (Outputs: new double[draws.OutputCount], Eta: new double[count], Mean: new double[count]),
                (d, _, buffers) =>
                {
                    draws.Fill(d, buffers.Outputs);
                    evaluator.Evaluate(d, buffers.Outputs, start, buffers.Eta, buffers.Mean);
                    for (int n = 0; n < count; n++)
                    {
                        eta[(long)n * drawCount + d] = buffers.Eta[n];
                        mean[(long)n * drawCount + d] = buffers.Mean[n];
                    }
                    return buffers;
                },
                _ => { });
            for (int n = 0; n < count; n++)
            {
                var response = DrawSummary.Of(mean.AsSpan(n * drawCount, drawCount), options.Probabilities);
                var linear = DrawSummary.Of(eta.AsSpan(n * drawCount, drawCount), options.Probabilities);
                result[start + n] = new PredictionRow(data.SourceRows[start + n] + 1, response, linear);
            }
        }
        return new PredictionResult(options.Mode, options.Probabilities, drawCount, evaluator.Integration, result);
    }
}
