// The report's model-checking sections: PSIS-LOO with its Pareto k table, and posterior predictive test statistics.
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Plotting.Report;

namespace BayesGlmm.Cli.Reporting;

/// <summary>
/// Adds PSIS-LOO (Vehtari, Gelman &amp; Gabry 2017) and posterior predictive p-values of the mean, sd, proportion
/// of zeros and maximum (Gelman, Meng &amp; Stern 1996) to a fit's report. Skipped, with a line saying why, when the
/// log-likelihood would be too large to compute here or a value is not finite; a check never fails a fit.
/// </summary>
internal static class ModelChecks
{
    /// <summary>Draws × observations above which LOO is left to <c>bayesglmm loo DIR</c>.</summary>
    private const long MaxLogLikelihoodValues = 20_000_000;

    /// <summary>Replicated data sets used for the predictive p-values (fewer for large data, see <see cref="MaxReplicateValues"/>).</summary>
    private const int ReplicateDraws = 400;

    /// <summary>The most replicated values held at once (40 MB).</summary>
    private const int MaxReplicateValues = 5_000_000;

    /// <summary>The PSIS-LOO estimates and the Pareto k table of one log-likelihood, or a line saying why they are missing.</summary>
    private static void LooTables(HtmlReport report, Func<IPointwiseLogLikelihood> logLikelihood)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            var loo = LeaveOneOut.Compute(logLikelihood());
            report.Table(["quantity", "estimate", "se"],
            [
                ["elpd_loo", loo.ElpdLoo.Value.ToString("F1", c), loo.ElpdLoo.StandardError.ToString("F1", c)],
                ["p_loo", loo.PLoo.Value.ToString("F1", c), loo.PLoo.StandardError.ToString("F1", c)],
                ["looic", loo.LooIc.Value.ToString("F1", c), loo.LooIc.StandardError.ToString("F1", c)],
            ]);
            report.Table(["Pareto k", "count", "proportion", "min n_eff"],
                loo.ParetoKTable.Select(k => (IReadOnlyList<string>)
                    [k.Label, k.Count.ToString(c), k.Proportion.ToString("P1", c), double.IsFinite(k.MinEffectiveSampleSize) ? k.MinEffectiveSampleSize.ToString("F0", c) : "NA"]));
            if (loo.Warning is string warning) report.Warnings([warning]);
        }
        catch (Exception e) when (e is InputException or ArgumentException or InvalidOperationException)
        {
            report.Paragraph("Not computed: " + e.Message);
        }
    }

    /// <summary>Appends the LOO and predictive-check sections.</summary>
    public static void Append(HtmlReport report, FitResult fit, IFramedModel model)
    {
        var c = CultureInfo.InvariantCulture;
        report.Heading("Leave-one-out cross-validation (PSIS-LOO)");
        if ((long)fit.Draws.DrawCount * model.ObservationCount > MaxLogLikelihoodValues)
        {
            report.Paragraph($"Not computed here for {model.ObservationCount} observations × {fit.Draws.DrawCount} draws; run bayesglmm loo on this output directory, which computes it in memory-bounded blocks.");
        }
        else
        {
            LooTables(report, () => new ModelLogLikelihood(fit.Draws, model));
        }
        if (model is HglmModel { HasClusterLogLikelihood: true } hglm && (long)fit.Draws.DrawCount * hglm.Structure.LevelCount <= MaxLogLikelihoodValues)
        {
            report.Paragraph($"Leave-one-cluster-out, with u integrated out (one value per level of {hglm.Structure.Term.Group}): " +
                             "the rows above condition on each draw's u, which is unreliable with one or few observations per cluster.");
            LooTables(report, () => ClusterLogLikelihood.Compute(fit.Draws, hglm));
        }

        report.Heading("Posterior predictive test statistics");
        var y = model.Frame.Response.Values;
        int n = model.ObservationCount;
        int count = Math.Min(Math.Min(ReplicateDraws, fit.Draws.DrawCount), Math.Max(10, MaxReplicateValues / Math.Max(n, 1)));
        if (count == 0 || n == 0) return;
        var yRep = new double[count * n];
        ReplicatedResponses.Fill(fit, model, count, 3, yRep);
        var checks = PredictiveCheck.Compute(y, yRep, TestStatistic.Defaults);
        report.Paragraph($"T(y) against T(y_rep) over {count} replicated data sets; p = P(T(y_rep) ≥ T(y)), ties counted half. " +
                         "Values near 0 or 1 point to a part of the data the model does not reproduce.");
        report.Table(["statistic", "T(y)", "mean T(y_rep)", "p"],
            checks.Select(r => (IReadOnlyList<string>)
                [r.Statistic, r.Observed.ToString("G4", c), r.Replicated.Average().ToString("G4", c), r.PValue.ToString("F3", c)]));
    }
}
