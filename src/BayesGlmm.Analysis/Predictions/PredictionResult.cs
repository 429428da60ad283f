// Predictions per new row: the mean of the response and the linear predictor, summarised over the draws.
namespace BayesGlmm.Analysis.Predictions;

/// <summary>One row's prediction.</summary>
/// <param name="Row">The 1-based row of the new data file (below its header).</param>
/// <param name="Response">E[y] on the response scale, over the draws.</param>
/// <param name="LinearPredictor">The linear predictor η over the draws (under <c>marginal</c>, x'b + offset).</param>
public sealed record PredictionRow(int Row, DrawSummary Response, DrawSummary LinearPredictor);

/// <summary>Predictions for every row of new data.</summary>
/// <param name="Mode">The treatment of the group-level effects.</param>
/// <param name="Probabilities">The probabilities of the reported quantiles.</param>
/// <param name="DrawCount">The number of posterior draws used.</param>
/// <param name="Integration">How marginal means were integrated ("none" in other modes).</param>
/// <param name="Rows">One entry per new row, in order.</param>
public sealed record PredictionResult(
    RandomEffectMode Mode,
    IReadOnlyList<double> Probabilities,
    int DrawCount,
    string Integration,
    IReadOnlyList<PredictionRow> Rows);
