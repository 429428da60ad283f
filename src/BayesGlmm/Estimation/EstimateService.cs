// The estimate service: reads the data, builds the frame and returns lme4-style point estimates; writes and prints them.
using System.Globalization;
using System.Text;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Estimation;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Estimation;

/// <summary>
/// Point estimates of a <see cref="ModelSpec"/> by REML, ML, Laplace or adaptive quadrature
/// (<see cref="MixedModelEstimator"/>), and their file and table forms. Priors in the specification play no part.
/// </summary>
public static class EstimateService
{
    /// <summary>Reads the data, builds the model frame and estimates. Bad input throws <see cref="Modeling.InputException"/>.</summary>
    public static EstimateResult Run(ModelSpec spec, EstimateOptions options, CancellationToken cancellation = default)
    {
        var formula = Formula.Parse(spec.Formula);
        var family = FamilySpec.Parse(spec.Family);
        var data = DataTable.ReadCsv(spec.DataPath, spec.Factors);
        var frame = ModelFrameBuilder.Build(data, formula);
        return MixedModelEstimator.Estimate(frame, family, options, cancellation);
    }

    /// <summary>The rows of the output file: <c>variable,estimate,se</c>, every estimate then <c>logLik</c> (an empty se where lme4 reports none).</summary>
    public static string ToCsv(EstimateResult result)
    {
        var sb = new StringBuilder("variable,estimate,se\n");
        foreach (var row in result.Rows) sb.Append(Csv(row.Variable)).Append(',').Append(double.IsNaN(row.Estimate) ? "NaN" : Number(row.Estimate)).Append(',').Append(Number(row.StandardError)).Append('\n');
        sb.Append("logLik,").Append(Number(result.Lme4LogLikelihood)).Append(",\n");
        return sb.ToString();
    }

    /// <summary>The estimates as a printed table with the log-likelihood and any notes (singular fit, quadrature check).</summary>
    public static string Format(EstimateResult result, ModelSpec spec)
    {
        string method = result.Method switch
        {
            EstimationMethod.Reml => "REML",
            EstimationMethod.Ml => "maximum likelihood",
            EstimationMethod.Laplace => "maximum likelihood, Laplace approximation",
            _ => $"maximum likelihood, adaptive Gauss-Hermite quadrature (nAGQ = {result.Nodes})",
        };
        var sb = new StringBuilder();
        sb.Append(" Family: ").Append(spec.Family).Append('\n');
        sb.Append("Formula: ").Append(spec.Formula).Append('\n');
        sb.Append("   Data: ").Append(Path.GetFileName(spec.DataPath)).Append('\n');
        sb.Append(" Method: ").Append(method).Append("\n\n");
        int width = Math.Max(8, result.Rows.Max(r => r.Variable.Length));
        sb.Append("variable".PadRight(width)).Append("     estimate           se\n");
        foreach (var row in result.Rows)
            sb.Append(row.Variable.PadRight(width)).Append(' ').Append(Fixed(row.Estimate)).Append(' ').Append(double.IsNaN(row.StandardError) ? "".PadLeft(12) : Fixed(row.StandardError)).Append('\n');
        sb.Append('\n').Append("logLik".PadRight(width)).Append(' ').Append(Fixed(result.Lme4LogLikelihood)).Append('\n');
        if (result.Lme4LogLikelihood != result.LogLikelihood)
            sb.Append(CultureInfo.InvariantCulture, $"(as lme4 reports it for nAGQ > 1, without the saturated model's log-likelihood; with it: {result.LogLikelihood:0.000000})\n");
        if (!double.IsNaN(result.QuadratureCheck))
            sb.Append(CultureInfo.InvariantCulture, $"Quadrature check: log-likelihood with {2 * result.Nodes} points minus {result.Nodes}: {result.QuadratureCheck:G3}\n");
        if (result.Singular) sb.Append("boundary (singular) fit: a variance is estimated at 0 (an sd of 0 or a correlation of ±1), as lme4 reports it.\n");
        if (!result.Converged) sb.Append("The optimiser stopped before its convergence test was met; treat the estimates with care.\n");
        foreach (string warning in result.Warnings) sb.Append(warning).Append('\n');
        return sb.ToString();
    }

    private static string Fixed(double v) => (double.IsNaN(v) ? "NaN" : v.ToString("0.000000", CultureInfo.InvariantCulture)).PadLeft(12);

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
