// The fitted family bound to new rows, so that its own mean function (with the rows' trials) gives E[y].
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>
/// Binds a fitted model's family to the rows of new data. The family's mean E[y | η, θ] reads only η, θ and the
/// row's trials, so the response it is bound to is a placeholder that the family accepts: 0 successes for binomial
/// (valid for any trials), otherwise the largest fitted response value (valid for the family, and for the ordinal
/// family it keeps the fitted number of categories). Known standard errors do not enter the mean; the first fitted one stands in.
/// </summary>
internal static class ResponseMeans
{
    /// <summary>The family bound to the rows of <paramref name="data"/> with the given trials (null: the model has none).</summary>
    public static IFamilyLikelihood Bind(GlmmModel model, NewDataFrame data, double[]? trials)
    {
        var fitted = model.Frame.Response;
        int rows = data.RowCount;
        double value = model.Family is BinomialFamily { IsBernoulli: false } ? 0.0 : fitted.Values.Max();
        var response = fitted with
        {
            Values = Enumerable.Repeat(value, rows).ToArray(),
            Trials = fitted.Trials is null ? null : trials ?? Enumerable.Repeat(1.0, rows).ToArray(),
            KnownStandardErrors = fitted.KnownStandardErrors is { } se ? Enumerable.Repeat(se[0], rows).ToArray() : null,
        };
        return model.Family.Bind(response, data.SourceRows);
    }
}
