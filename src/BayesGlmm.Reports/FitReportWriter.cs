// Writes a fit's plots under plots/ and its self-contained report.html.
using System.Globalization;
using BayesGlmm.Analysis.Smooths;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;
using BayesGlmm.PriorGrids;

namespace BayesGlmm.Reports;

/// <summary>
/// The plots (trace, rank, density, intervals, funnel, posterior predictive overlay, smooth terms' conditional effects) and the HTML report of
/// one fit: model, priors, sampler settings, diagnostics with warnings, the summary table, every plot inline,
/// then the model checks (LOO, LOO-PIT, predictive test statistics) and prior sensitivity. For a prior-only fit the
/// predictive checks are prior predictive checks, and LOO, LOO-PIT and prior sensitivity are left out.
/// </summary>
public static class FitReportWriter
{
    /// <summary>How many replicated data sets the predictive overlay shows.</summary>
    private const int ReplicateCount = 30;

    /// <summary>At most this many group-level effects are listed in the report (summary.csv has all).</summary>
    private const int MaxSummaryRows = 500;

    /// <summary>
    /// Writes <c>plots/</c> and <c>report.html</c> into <see cref="FitResult.Directory"/> (a fit written by
    /// <see cref="FitWriter"/> or read by <see cref="FitDirectory"/>), with the prior grid's section when given. The
    /// predictive checks, LOO and sensitivity need the model; a saved fit whose data file is gone gets the rest.
    /// </summary>
    /// <remarks>
    /// Records the stages <c>plots</c>, <c>report</c>, <c>model_checks</c> and <c>sensitivity</c> in <see cref="FitResult.Stages"/>: the
    /// first, third and fourth run at the same time (<see cref="FitStages.Start{T}"/>), each charged with its own span and threads.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The fit is only in memory: write it first.</exception>
    public static void Write(FitResult fit, bool png = false, PriorGridResult? priorGrid = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        string directory = fit.Directory ?? throw new InvalidOperationException("The fit is only in memory; write it (FitWriter.Write) before its plots and report.");
        var stages = fit.Stages;
        var model = fit.TryGetModel();
        string plots = Path.Combine(directory, "plots");
        if (Directory.Exists(plots)) Directory.Delete(plots, recursive: true);
        // The plots, the model checks and the sensitivity analysis are independent: they run at the same time, each
        // writing its own files and report part, and the parts are put together in a fixed order, so the report is
        // the same whatever finishes first.
        var plotting = stages.Start(FitStages.Names.Plots, () => FitPlots.Write(fit.Draws, plots, PlotOptions(fit, model, png)));
        var checking = model is IFramedModel checkedModel
            ? stages.Start(FitStages.Names.ModelChecks, () => Part(part => ModelChecks.Append(part, fit, checkedModel, plots, png)))
            : null;
        var sensitivity = model is not null && !fit.Record.Model.PriorOnly
            ? stages.Start(FitStages.Names.Sensitivity, () => Part(part => SensitivitySection.Append(part, fit, model, plots, png)))
            : null;
        try
        {
            var entries = plotting.Join();
            var report = stages.Start(FitStages.Names.Report, () => Report(fit, entries)).Join();
            var checks = checking?.Join();
            var sensitive = sensitivity?.Join();
            stages.Start(FitStages.Names.Report, () =>
            {
                if (checks is not null) report.Append(checks);
                if (sensitive is not null) report.Append(sensitive);
                if (priorGrid is not null) PriorGridSection.Append(report, priorGrid, plots, png);
                report.Save(Path.Combine(directory, "report.html"));
                return report;
            }).Join();
        }
        finally
        {
            // A failed stage leaves no work of the others running into the directory.
            plotting.Wait();
            checking?.Wait();
            sensitivity?.Wait();
        }
    }

    /// <summary>What the plots show beyond the draws: the predictive overlay's data and replicates, the smooth terms.</summary>
    private static FitPlotOptions PlotOptions(FitResult fit, IStatisticalModel? model, bool png)
    {
        var options = new FitPlotOptions { Png = png };
        if (model is not IFramedModel framed) return options;
        return options with
        {
            Observed = framed.Frame.Response.Values,
            Replicates = Replicates(fit, model),
            ResponseName = framed.Frame.Response.Name,
            ResponseSupport = Support.OfResponse(fit.Record.Model.Family),
            PriorPredictive = fit.Record.Model.PriorOnly,
            Smooths = Smooths(fit, model),
        };
    }

    /// <summary>A report part written by <paramref name="write"/>.</summary>
    private static HtmlReport Part(Action<HtmlReport> write)
    {
        var part = HtmlReport.Part();
        write(part);
        return part;
    }

    /// <summary>Replicated responses at evenly spaced draws, one array per replicate.</summary>
    private static IReadOnlyList<double[]> Replicates(FitResult fit, IStatisticalModel model)
    {
        int count = Math.Min(ReplicateCount, fit.Draws.DrawCount), n = model.ObservationCount;
        var all = new double[count * n];
        ReplicatedResponses.Fill(fit, model, count, 2, all);
        return Enumerable.Range(0, count).Select(k => all.AsSpan(k * n, n).ToArray()).ToArray();
    }

    /// <summary>The conditional curves of the model's smooth terms (none without smooths or without the fit's data table).</summary>
    private static IReadOnlyList<SmoothCurve> Smooths(FitResult fit, IStatisticalModel model)
    {
        if (model is not GlmmModel { Frame.Smooths.Count: > 0 } glmm) return [];
        try
        {
            return SmoothCurves.Conditional(glmm, fit.Draws, fit.Data, Formula.Parse(fit.Record.Model.Formula));
        }
        catch (InputException)
        {
            return []; // reference rows the formula cannot code (a numeric column used as a factor): no curve rather than no report
        }
    }

    private static HtmlReport Report(FitResult fit, IReadOnlyList<PlotEntry> plots)
    {
        var record = fit.Record;
        var report = new HtmlReport($"{record.Model.Name}: Bayesian {record.Model.Family} model");
        report.Heading("Model").Table(["", ""],
        [
            ["formula", record.Model.Formula],
            ["family", record.Model.Family],
            ["data", $"{Path.GetFileName(record.Data.File)}: {record.Data.RowsUsed} observations used, {record.Data.RowsDropped} dropped for missing values"],
            ["sampler", $"NUTS, {record.Settings.Chains} chains x ({record.Settings.Warmup} warmup + {record.Settings.Draws} draws), " +
                        $"adapt_delta {F(record.Settings.AdaptDelta)}, max tree depth {record.Settings.MaxTreedepth}, {record.Settings.Metric} metric ({record.Settings.Adaptation} adaptation, {record.Settings.Integrator}), seed {record.Seed}"],
            ["run", $"{F(record.Timing.TotalSeconds)} s, {record.GradientEvaluations:N0} gradient evaluations, bayesglmm {record.Version}"],
        ]);
        report.Heading("Priors").Table(["parameter", "prior", "source"],
            record.Model.Priors.Select(p => (IReadOnlyList<string>)[p.Parameter, p.Prior, p.IsDefault ? "default" : "user"]));

        report.Heading("Diagnostics");
        var d = fit.Diagnostics;
        report.Table(["chain", "draws", "divergent", "max tree depth hits", "E-BFMI"],
            d.Chains.Select(c => (IReadOnlyList<string>)[c.Chain.ToString(CultureInfo.InvariantCulture), c.Draws.ToString(CultureInfo.InvariantCulture),
                c.Divergences.ToString(CultureInfo.InvariantCulture), c.MaxTreedepthHits.ToString(CultureInfo.InvariantCulture), F(c.Ebfmi)]));
        report.Paragraph($"Largest R-hat {F(d.MaxRhat, 3)}, smallest bulk ESS {F(d.MinEssBulk, 0)}, smallest tail ESS {F(d.MinEssTail, 0)}.");
        if (d.Warnings.Count == 0) report.Paragraph("No warnings: no divergences, R-hat and ESS within their thresholds, E-BFMI fine.", "ok");
        else report.Warnings(d.Warnings);
        if (fit.Cancelled) report.Warnings(["The run was interrupted: these results use only the draws finished by then."]);

        if (record.Model.PriorOnly)
            report.Paragraph("The prior was sampled alone, the likelihood switched off (brms's sample_prior = \"only\"): the draws below are prior draws, "
                             + "and the predictive checks compare the observed data with data simulated from the prior (the prior predictive distribution).", "ok");
        report.Heading(record.Model.PriorOnly ? "Prior summary" : "Posterior summary");
        string[] header = ["variable", "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "rhat"];
        var main = fit.Summary.Where(r => !r.Variable.StartsWith("r_", StringComparison.Ordinal)).ToList();
        var effects = fit.Summary.Where(r => r.Variable.StartsWith("r_", StringComparison.Ordinal)).ToList();
        report.Table(header, main.Select(Cells));
        if (effects.Count > 0)
        {
            var shown = effects.Take(MaxSummaryRows).ToList();
            report.Collapsed($"Group-level effects ({effects.Count} rows{(shown.Count < effects.Count ? $", the first {shown.Count} shown; summary.csv has all" : "")})",
                r => r.Table(header, shown.Select(Cells)));
        }

        foreach (var (kind, title) in new[]
                 {
                     ("ppc", record.Model.PriorOnly ? "Prior predictive check" : "Posterior predictive check"),
                     ("smooth", "Smooth terms: conditional effects"),
                     ("intervals", record.Model.PriorOnly ? "Prior intervals" : "Posterior intervals"), ("funnel", "Funnel"),
                     ("trace", "Trace plots"), ("rank", "Rank plots"), ("density", "Marginal densities"),
                 })
        {
            var selected = plots.Where(p => p.Kind == kind).ToList();
            if (selected.Count == 0) continue;
            report.Heading(title);
            if (kind == "smooth")
                report.Paragraph($"Each smooth's fitted curve on the link scale: the {(record.Model.PriorOnly ? "prior" : "posterior")} median of the linear predictor and its 95% "
                                 + "credible interval over the observed range of the covariate, with the other numeric covariates at their means, factors at their "
                                 + "reference levels and the group-level effects left out (brms's conditional_effects with re_formula = NA); a by smooth has one "
                                 + "curve per level. The ticks along the bottom are the observed covariate values.");
            foreach (var plot in selected) report.SvgFile(plot.SvgPath, plot.Caption);
        }
        return report;
    }

    private static IReadOnlyList<string> Cells(Analysis.Summaries.SummaryRow r) =>
        [r.Variable, G(r.Mean), G(r.Sd), G(r.Q5), G(r.Q50), G(r.Q95), G(r.McseMean), G(r.McseSd), F(r.EssBulk, 0), F(r.EssTail, 0), F(r.Rhat, 3)];

    private static string F(double x, int digits = 2) => double.IsFinite(x) ? x.ToString("F" + digits, CultureInfo.InvariantCulture) : "NA";

    private static string G(double x) => double.IsFinite(x) ? x.ToString("G4", CultureInfo.InvariantCulture) : "NA";
}
