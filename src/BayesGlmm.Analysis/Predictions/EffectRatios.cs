// Odds ratios (logit) and rate ratios (log) of every population-level coefficient: conditional exp(b) and population-averaged.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>The kind of ratio a link gives.</summary>
public enum RatioKind
{
    /// <summary>Logit link: the ratio of odds μ/(1 − μ).</summary>
    OddsRatio,
    /// <summary>Log link: the ratio of means (rates).</summary>
    RateRatio,
}

/// <summary>One coefficient's ratio draws.</summary>
/// <param name="Coefficient">The brms coefficient name without <c>b_</c>.</param>
/// <param name="Conditional">exp(b_j) per draw.</param>
/// <param name="PopulationAveraged">The population-averaged ratio per draw.</param>
public sealed record EffectRatioDraws(string Coefficient, double[] Conditional, double[] PopulationAveraged);

/// <summary>One coefficient's ratios summarised.</summary>
public sealed record EffectRatioRow(string Coefficient, DrawSummary Conditional, DrawSummary PopulationAveraged);

/// <summary>The ratios of every population-level coefficient but the intercept.</summary>
public sealed record EffectRatioResult(RatioKind Kind, IReadOnlyList<double> Probabilities, string Integration, IReadOnlyList<EffectRatioRow> Rows);

/// <summary>
/// Marginal effects of the population-level coefficients as ratios, under a logit link (bernoulli, binomial, beta:
/// odds ratios) or a log link (rate ratios), each per posterior draw:
/// <list type="bullet">
/// <item><b>conditional</b>: exp(b_j), the ratio for a unit change of column j of X within a group (the group's effects held fixed);</item>
/// <item><b>population-averaged</b>: the same contrast on the marginal (population-averaged) mean
/// m_i(η) = ∫ μ(η + z_i'u) dF(u) of each row i of the data (<see cref="PredictionEvaluator"/>, <c>marginal</c>;
/// per trial for binomial), with every other column of X (interactions included) held at the row's value:
/// for a 0/1 indicator column (a factor level or a dummy) from lo = 0 to hi = 1 on every row, otherwise from
/// lo = x_ij to hi = x_ij + 1. The row's log ratio is g(m_i(hi)) − g(m_i(lo)) with g = logit (odds ratio) or
/// log (rate ratio); the reported ratio is exp of its average over the rows i = 1..R. This is marginaleffects'
/// <c>avg_comparisons(fit, variables = "x", comparison = "lnor", transform = exp)</c> (for a log link
/// <c>"lnratio"</c>) on predictions that integrate over the group-level effects, and it is the coefficient a
/// marginal (GEE) model estimates at the rows' covariates, so it is free of the non-collapsibility over the other
/// covariates that a ratio of row-averaged probabilities would add.</item>
/// </list>
/// Under a logit link with a normal random intercept of sd σ, the population-averaged log odds ratio is
/// close to b_j / √(1 + c²σ²), c = 16√3/(15π) (Zeger, Liang &amp; Albert 1988, eq. 2.4): the attenuation of
/// marginal effects that the conditional exp(b_j) does not show.
/// </summary>
public static class EffectRatios
{
    /// <summary>The ratio kind of the model's link, or an <see cref="InputException"/> when it has none.</summary>
    public static RatioKind KindOf(GlmmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var f = model.Family;
        if (f.LinkName == "logit" && f.Name is "bernoulli" or "binomial" or "beta") return RatioKind.OddsRatio;
        if (f.LinkName == "log") return RatioKind.RateRatio;
        throw new InputException(
            $"Odds ratios need a logit link (bernoulli, binomial, beta) and rate ratios a log link; this model is {f.Name}({f.LinkName}).");
    }

    /// <summary>Each coefficient's ratios per draw, averaged over the rows of <paramref name="data"/> (coded with at least the group-level covariates).</summary>
    public static IReadOnlyList<EffectRatioDraws> ComputeDraws(GlmmModel model, ReportedDraws draws, NewDataFrame data, PredictionOptions? options,
        out string integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(data);
        var kind = KindOf(model);
        options = (options ?? new PredictionOptions()) with { Mode = RandomEffectMode.Marginal };
        var evaluator = new PredictionEvaluator(model, data, options);
        integration = evaluator.Integration;
        var fixedEffects = model.Frame.Fixed;
        var columns = Enumerable.Range(0, fixedEffects.X.Columns).Where(j => j != fixedEffects.InterceptColumn).ToArray();
        int rows = data.RowCount, drawCount = draws.DrawCount;
        var indicator = columns.Select(j => IsIndicator(data.X.Column(j))).ToArray();
        var result = columns.Select(j => new EffectRatioDraws(fixedEffects.CoefficientNames[j], new double[drawCount], new double[drawCount])).ToArray();
        var unit = evaluator.UnitMeans;
        Parallel.For(0, drawCount, new ParallelOptions { CancellationToken = cancellationToken },
            () => new double[draws.OutputCount],
            (d, _, outputs) =>
            {
                draws.Fill(d, outputs);
                var state = evaluator.Prepare(d, outputs);
                var fixedPart = new double[rows];
                for (int i = 0; i < rows; i++) fixedPart[i] = evaluator.FixedPredictor(state, i);
                for (int c = 0; c < columns.Length; c++)
                {
                    int j = columns[c];
                    double b = evaluator.Coefficient(state, j), sum = 0;
                    var x = data.X.Column(j);
                    for (int i = 0; i < rows; i++)
                    {
                        // η at the contrast's two values of x_ij, every other column at its value.
                        double low = indicator[c] ? 0.0 : x[i], high = indicator[c] ? 1.0 : x[i] + 1.0;
                        double lo = evaluator.MarginalMean(state, i, fixedPart[i] + b * (low - x[i]), unit);
                        double hi = evaluator.MarginalMean(state, i, fixedPart[i] + b * (high - x[i]), unit);
                        sum += kind == RatioKind.OddsRatio ? Math.Log(hi / (1 - hi)) - Math.Log(lo / (1 - lo)) : Math.Log(hi / lo);
                    }
                    result[c].Conditional[d] = Math.Exp(b);
                    result[c].PopulationAveraged[d] = Math.Exp(sum / rows);
                }
                return outputs;
            },
            _ => { });
        return result;
    }

    /// <summary>Each coefficient's ratios summarised over the draws.</summary>
    public static EffectRatioResult Compute(GlmmModel model, ReportedDraws draws, NewDataFrame data, PredictionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PredictionOptions();
        var perDraw = ComputeDraws(model, draws, data, options, out string integration, cancellationToken);
        var rows = perDraw.Select(r => new EffectRatioRow(r.Coefficient,
            DrawSummary.Of(r.Conditional.ToArray(), options.Probabilities),
            DrawSummary.Of(r.PopulationAveraged.ToArray(), options.Probabilities))).ToArray();
        return new EffectRatioResult(KindOf(model), options.Probabilities, integration, rows);
    }

    private static bool IsIndicator(ReadOnlySpan<double> column)
    {
        foreach (double v in column) if (v != 0.0 && v != 1.0) return false;
        return true;
    }
}
