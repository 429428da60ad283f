// The report's prior-sensitivity section: the power-scaling table with diagnoses and Pareto-k warnings, and power-scaled marginals.
using System.Globalization;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Plotting;
using BayesGlmm.Plotting.Report;

namespace BayesGlmm.Reports;

/// <summary>
/// Power-scaling prior and likelihood sensitivity (Kallioinen, Paananen, Bürkner &amp; Vehtari 2023) of every
/// parameter but the group-level effects (r_ and u_), as <c>bayesglmm sensitivity DIR</c> prints it, and the marginals of the
/// most sensitive parameters at α = 0.8 and 1.25 for both components. The cost is one pass over draws ×
/// observations holding one draw's log-likelihood at a time; above <see cref="MaxLogLikelihoodValues"/> the
/// section says to run the command instead. A failure leaves a line in the report, never fails the fit.
/// </summary>
internal static class SensitivitySection
{
    /// <summary>Draws × observations above which the section is left to <c>bayesglmm sensitivity DIR</c>.</summary>
    private const long MaxLogLikelihoodValues = 400_000_000;

    /// <summary>How many parameters get a power-scaled marginal plot.</summary>
    private const int PlottedParameters = 4;

    /// <summary>The powers of the marginal plots (priorsense's <c>powerscale_plot_dens</c> default range).</summary>
    private static readonly double[] PlotAlphas = [0.8, 1.25];

    /// <summary>Appends the section, writing its plots into <paramref name="plots"/>.</summary>
    public static void Append(HtmlReport report, FitResult fit, IStatisticalModel model, string plots, bool png)
    {
        var c = CultureInfo.InvariantCulture;
        report.Heading("Prior sensitivity (power-scaling)");
        if ((long)fit.Draws.DrawCount * model.ObservationCount > MaxLogLikelihoodValues)
        {
            report.Paragraph($"Not computed here for {model.ObservationCount} observations × {fit.Draws.DrawCount} draws; run bayesglmm sensitivity on this output directory.");
            return;
        }
        PowerScalingResult result;
        double[] logPrior, logLikelihood;
        try
        {
            (logPrior, logLikelihood) = ModelLogDensities.Compute(fit.Draws, model);
            var variables = PowerScaling.DefaultVariables(model.OutputNames);
            result = PowerScaling.Analyze(fit.Draws, logPrior, logLikelihood, new PowerScalingOptions { Variables = variables });
        }
        catch (Exception e) when (e is InputException or ArgumentException or InvalidOperationException)
        {
            report.Paragraph("Not computed: " + e.Message);
            return;
        }

        report.Paragraph("Each number is the cumulative Jensen–Shannon distance between the posterior and the posterior with the joint prior " +
                         "(or the likelihood) raised to the power α = 0.99 and 1.01, per unit log2 α. A value of 0.05 or more counts as sensitive: " +
                         "sensitive to both suggests prior-data conflict, to the prior alone a strong prior or a weak likelihood. " +
                         "Scaling one class of priors at a time (the sensitivity analysis's prior class) shows which prior is responsible.");
        report.Table(["variable", "prior", "likelihood", "diagnosis"],
            result.Rows.Select(r => (IReadOnlyList<string>)[r.Variable, Number(r.Prior), Number(r.Likelihood), r.DiagnosisText]));
        var warnings = result.HighK.Select(s => string.Create(c,
            $"Pareto k = {s.ParetoK:F2} > {s.KhatThreshold:F2} when power-scaling the {Name(s.Component)} with alpha = {s.Alpha}: its sensitivities are unreliable.")).ToList();
        if (!result.Smoothing.Any(s => s.Component == PowerScalingComponent.Prior))
            warnings.Add("The joint log prior is constant over the draws, so it cannot be power-scaled.");
        var flagged = result.Flagged.Select(r => $"{r.Variable}: {r.DiagnosisText}.").ToList();
        if (flagged.Count == 0 && warnings.Count == 0) report.Paragraph("No parameter is flagged.", "ok");
        report.Warnings(flagged.Concat(warnings));

        var scaled = new List<PowerScalingSmoothing>();
        foreach (var (component, values) in new[] { (PowerScalingComponent.Prior, logPrior), (PowerScalingComponent.Likelihood, logLikelihood) })
            foreach (double alpha in PlotAlphas)
                if (PowerScaledWeights.Compute(values, component, alpha) is { } s) scaled.Add(s);
        var shown = result.Rows.Where(r => double.IsFinite(Math.Max(r.Prior, r.Likelihood)))
            .OrderByDescending(r => Math.Max(r.Prior, r.Likelihood)).Take(PlottedParameters).Select(r => r.Variable).ToList();
        foreach (string variable in result.Rows.Select(r => r.Variable).Where(shown.Contains))
        {
            var x = fit.Draws.AllChains(fit.Draws.IndexOf(variable));
            string path = PlotFile.Save(PowerScaledDensityPlot.Create(variable, x, scaled), Path.Combine(plots, $"powerscale_{FitPlots.FileStem(variable)}"), png);
            report.SvgFile(path, $"{variable}: posterior and importance-weighted marginals with the prior or the likelihood raised to α = 0.8 and 1.25");
        }
    }

    private static string Name(PowerScalingComponent component) => component == PowerScalingComponent.Prior ? "prior" : "likelihood";

    private static string Number(double v) => double.IsNaN(v) ? "NA" : v.ToString("F3", CultureInfo.InvariantCulture);
}
