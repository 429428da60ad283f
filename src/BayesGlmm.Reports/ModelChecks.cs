// The report's model-checking sections: PSIS-LOO with its Pareto k table and LOO-PIT, and posterior predictive test statistics.
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.PosteriorPredictive;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;

namespace BayesGlmm.Reports;

/// <summary>
/// Adds PSIS-LOO (Vehtari, Gelman &amp; Gabry 2017), the LOO-PIT calibration plot (Gabry et al. 2019, §5) and
/// posterior predictive p-values with histograms of statistics that suit the response (<see cref="TestStatistic.ForResponse"/>;
/// Gelman, Meng &amp; Stern 1996) to a fit's report. Skipped, with a line saying why, when the log-likelihood would be too large
/// to compute here or a value is not finite; a check never fails a fit.
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

    /// <summary>LOO-PIT needs at least this many replicated data sets for its importance weights to mean much.</summary>
    private const int MinLooPitDraws = 100;

    /// <summary>Appends the LOO and predictive-check sections, writing their plots into <paramref name="plots"/>.</summary>
    public static void Append(HtmlReport report, FitResult fit, IFramedModel model, string plots, bool png)
    {
        var c = CultureInfo.InvariantCulture;
        var y = model.Frame.Response.Values;
        int n = model.ObservationCount;
        int count = Math.Min(Math.Min(ReplicateDraws, fit.Draws.DrawCount), Math.Max(10, MaxReplicateValues / Math.Max(n, 1)));
        double[]? yRep = null;
        if (count > 0 && n > 0)
        {
            yRep = new double[count * n];
            ReplicatedResponses.Fill(fit, model, count, 3, yRep);
        }

        report.Heading("Leave-one-out cross-validation (PSIS-LOO)");
        if ((long)fit.Draws.DrawCount * n > MaxLogLikelihoodValues)
        {
            report.Paragraph($"Not computed here for {n} observations × {fit.Draws.DrawCount} draws; run bayesglmm loo on this output directory, which computes it in memory-bounded blocks.");
        }
        else
        {
            LooTables(report, () => new ModelLogLikelihood(fit.Draws, model));
        }
        if (model is GlmmModel { ClusterLikelihood: { } clusters } hglm && (long)fit.Draws.DrawCount * clusters.Levels.Count <= MaxLogLikelihoodValues)
        {
            report.Paragraph($"Leave-one-cluster-out, with u integrated out (one value per level of {clusters.Group}): " +
                             "the rows above condition on each draw's u, which is unreliable with one or few observations per cluster.");
            LooTables(report, () => ClusterLogLikelihood.Compute(fit.Draws, hglm));
        }
        if (yRep is not null) AppendLooPit(report, fit, model, y, yRep, count, plots, png);

        report.Heading("Posterior predictive test statistics");
        if (yRep is null) return;
        var checks = PredictiveCheck.Compute(y, yRep, TestStatistic.ForResponse(fit.Record.Model.Family, model.Frame.Response));
        report.Paragraph($"T(y) against T(y_rep) over {count} replicated data sets; p = P(T(y_rep) ≥ T(y)), ties counted half. " +
                         "Values near 0 or 1 point to a part of the data the model does not reproduce.");
        report.Table(["statistic", "T(y)", "mean T(y_rep)", "p"],
            checks.Select(r => (IReadOnlyList<string>)
                [r.Statistic, r.Observed.ToString("G4", c), r.Replicated.Average().ToString("G4", c), r.PValue.ToString("F3", c)]));
        string response = model.Frame.Response.Name;
        foreach (var check in checks)
        {
            // The proportion of zeros applies where zeros occur, in the data or in the replicates.
            if (check.Statistic == TestStatistic.ProportionZero.Name && check.Observed == 0 && check.Replicated.All(v => v == 0)) continue;
            string path = PlotFile.Save(TestStatisticPlot.Create(check, response), Path.Combine(plots, $"ppc_stat_{FitPlots.FileStem(check.Statistic)}"), png);
            report.SvgFile(path, $"{check.Statistic}: histogram of T(y_rep) over {count} replicated data sets, T(y) marked");
        }
    }

    /// <summary>LOO-PIT values at the replicates' draws (PSIS weights over those draws) and their ECDF-difference plot.</summary>
    private static void AppendLooPit(HtmlReport report, FitResult fit, IFramedModel model, double[] y, double[] yRep, int count, string plots, bool png)
    {
        report.Heading("LOO-PIT");
        if (count < MinLooPitDraws)
        {
            report.Paragraph($"Not computed: only {count} replicated data sets fit in memory for {model.ObservationCount} observations (LOO-PIT needs at least {MinLooPitDraws}).");
            return;
        }
        try
        {
            var thinned = Thinned(fit.Draws, count);
            var logLikelihood = new ModelLogLikelihood(thinned, model);
            bool discrete = LooPit.IsDiscrete(y, yRep);
            var pit = LooPit.Compute(y, yRep, logLikelihood, discrete ? new RandomStream(fit.Record.Seed, 0xF17, 4) : null,
                new LooOptions { EstimateRelativeEfficiency = false });
            double d = PitUniformity.KolmogorovSmirnov(pit), critical = PitUniformity.CriticalValue(pit.Length);
            report.Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"P(y_rep,i ≤ y_i | y_−i) from PSIS-LOO weights over the {count} draws of the predictive checks{(discrete ? ", randomised for the discrete response" : "")}. " +
                $"A calibrated model gives uniform values. Kolmogorov–Smirnov distance {d:F3} (5% critical value {critical:F3})."));
            string path = PlotFile.Save(LooPitPlot.Create(pit), Path.Combine(plots, "loo_pit"), png);
            report.SvgFile(path, "LOO-PIT: ECDF minus the uniform CDF, with a 95% simultaneous band");
        }
        catch (Exception e) when (e is InputException or ArgumentException or InvalidOperationException)
        {
            report.Paragraph("Not computed: " + e.Message);
        }
    }

    /// <summary>
    /// One chain of the <paramref name="count"/> draws that <see cref="ReplicatedResponses.Fill"/> uses
    /// (draw ⌊k·S/count⌋ of all chains, k = 0..count−1), so log-likelihood and replicates belong together.
    /// </summary>
    private static Draws Thinned(Draws draws, int count)
    {
        var thinned = new Draws(draws.Variables, 1, count);
        for (int v = 0; v < draws.Variables.Count; v++)
        {
            var all = draws.AllChains(v);
            var chain = thinned.Chain(v, 0);
            for (int k = 0; k < count; k++) chain[k] = all[(int)((long)k * draws.DrawCount / count)];
        }
        return thinned;
    }
}
