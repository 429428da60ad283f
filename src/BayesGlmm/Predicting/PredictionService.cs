// Posterior predictions and odds or rate ratios of a fit (in memory or saved), for its own rows or new data.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Predicting;

/// <summary>What <see cref="PredictionService.Predict"/> computed.</summary>
/// <param name="Predictions">Per row the posterior of E[y] and of the linear predictor.</param>
/// <param name="Ratios">Odds or rate ratios of the population-level coefficients, when asked for.</param>
/// <param name="Source">The name of the rows predicted for (the data file or "the data").</param>
/// <param name="RowCount">The rows predicted for.</param>
public sealed record PredictionOutcome(PredictionResult Predictions, EffectRatioResult? Ratios, string Source, int RowCount);

/// <summary>
/// Predictions from a GLMM fit (normal or Student-t group-level effects) with the group-level effects conditional,
/// population-averaged, new or left out (<see cref="PredictionOptions.Mode"/>), for the fit's own rows or for new
/// data with the columns the model uses; odds ratios (logit link) or rate ratios (log link) on request.
/// </summary>
public static class PredictionService
{
    /// <summary>Predicts for <paramref name="newData"/> (the fit's own rows when null).</summary>
    /// <exception cref="InputException">The fit is an HGLM, the new data lack a column or level, or the mode cannot apply (its message names the mode).</exception>
    public static PredictionOutcome Predict(FitResult fit, DataTable? newData, PredictionOptions options, bool ratios = false)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        if (fit.Model is not GlmmModel { SupportsPredictions: true } model)
            throw new InputException(
                $"{fit.Directory ?? fit.Record.Model.Name}: predictions support GLMMs with normal or Student-t group-level effects for now; this fit is a hierarchical GLM with conjugate (gamma, beta or inverse_gamma) group-level effects.");
        var fitData = fit.Data;
        var formula = Formula.Parse(fit.Record.Model.Formula);
        var rowsOf = newData ?? fitData;
        var sourceRows = newData is null ? model.Frame.SourceRows : null;
        var draws = new ReportedDraws(fit.Draws, model);
        var use = options.Mode switch
        {
            RandomEffectMode.None => GroupTermUse.None,
            RandomEffectMode.Marginal => GroupTermUse.Covariates,
            _ => GroupTermUse.CovariatesAndGroups,
        };
        var coded = NewDataFrameBuilder.Build(fitData, formula, model.Frame, rowsOf, use, sourceRows);
        if (ratios) EffectRatios.KindOf(model); // a link without ratios fails before any work
        var predictions = PosteriorPredictions.Compute(model, draws, coded, options);
        EffectRatioResult? ratioResult = null;
        if (ratios)
        {
            var covariates = use == GroupTermUse.Covariates ? coded : NewDataFrameBuilder.Build(fitData, formula, model.Frame, rowsOf, GroupTermUse.Covariates, sourceRows);
            ratioResult = EffectRatios.Compute(model, draws, covariates, options);
        }
        return new PredictionOutcome(predictions, ratioResult, rowsOf.DisplayName, coded.RowCount);
    }
}
