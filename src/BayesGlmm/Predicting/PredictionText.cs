// Text and CSV renderings of predictions and of odds or rate ratios.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Predicting;

/// <summary>Formats <see cref="PredictionResult"/> and <see cref="EffectRatioResult"/> for the terminal and as CSV files.</summary>
public static class PredictionText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The most rows the printed table shows; the CSV file has them all.</summary>
    public const int PrintedRows = 20;

    /// <summary>Column labels of quantiles: 0.025 → q2.5, 0.5 → q50.</summary>
    public static string QuantileLabel(double p) => "q" + (100 * p).ToString("0.#####", Invariant);

    /// <summary>
    /// <c>row,mean,sd,q2.5,q50,q97.5,eta_mean,eta_sd,eta_q2.5,eta_q50,eta_q97.5</c> (the quantiles asked for): per new row
    /// E[y] on the response scale and the linear predictor, over the draws.
    /// </summary>
    public static string Csv(PredictionResult result)
    {
        var text = new StringBuilder();
        var q = result.Probabilities.Select(QuantileLabel).ToArray();
        text.Append("row,mean,sd,").Append(string.Join(',', q)).Append(",eta_mean,eta_sd,").Append(string.Join(',', q.Select(l => "eta_" + l))).Append('\n');
        foreach (var row in result.Rows)
        {
            text.Append(row.Row.ToString(Invariant));
            Append(text, row.Response);
            Append(text, row.LinearPredictor);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>coefficient,ratio,type,mean,sd,q2.5,q50,q97.5</c>: two rows per coefficient (conditional, population_averaged).</summary>
    public static string RatiosCsv(EffectRatioResult result)
    {
        var text = new StringBuilder();
        text.Append("coefficient,ratio,type,mean,sd,").Append(string.Join(',', result.Probabilities.Select(QuantileLabel))).Append('\n');
        string ratio = result.Kind == RatioKind.OddsRatio ? "odds_ratio" : "rate_ratio";
        foreach (var row in result.Rows)
        {
            text.Append(row.Coefficient).Append(',').Append(ratio).Append(",conditional");
            Append(text, row.Conditional);
            text.Append('\n');
            text.Append(row.Coefficient).Append(',').Append(ratio).Append(",population_averaged");
            Append(text, row.PopulationAveraged);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The printed predictions: what was computed, then a table of the first <see cref="PrintedRows"/> rows;
    /// <paramref name="moreRows"/> says where the other rows are.
    /// </summary>
    public static string Summary(PredictionResult result, string source, string moreRows)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"Predictions for {result.Rows.Count} row{(result.Rows.Count == 1 ? "" : "s")} of {source} from {result.DrawCount} draws; group-level effects: {result.Mode.Name()}");
        text.AppendLine(result.Mode == RandomEffectMode.Marginal ? $" (integrated: {result.Integration})" : "");
        var header = new List<string> { "row", "mean", "sd" };
        header.AddRange(result.Probabilities.Select(QuantileLabel));
        header.AddRange(["eta_mean", "eta_sd"]);
        var rows = result.Rows.Take(PrintedRows).Select(r =>
        {
            var cells = new List<string> { r.Row.ToString(Invariant), TextTable.Number(r.Response.Mean), TextTable.Number(r.Response.Sd) };
            cells.AddRange(r.Response.Quantiles.Select(TextTable.Number));
            cells.AddRange([TextTable.Number(r.LinearPredictor.Mean), TextTable.Number(r.LinearPredictor.Sd)]);
            return (IReadOnlyList<string>)cells;
        });
        text.Append(TextTable.Format(header, rows));
        if (result.Rows.Count > PrintedRows)
            text.AppendLine($"... {result.Rows.Count - PrintedRows} more rows; {moreRows}");
        text.AppendLine("mean: E[y] on the response scale; eta: the linear predictor" + (result.Mode == RandomEffectMode.Marginal ? " without the group-level effects (they have mean zero)." : "."));
        return text.ToString();
    }

    /// <summary>The printed ratios: conditional and population-averaged per coefficient.</summary>
    public static string RatiosSummary(EffectRatioResult result, int rows)
    {
        var text = new StringBuilder();
        string kind = result.Kind == RatioKind.OddsRatio ? "Odds ratios" : "Rate ratios";
        text.AppendLine(string.Create(Invariant,
            $"{kind} per unit change of each population-level column (0 to 1 for indicators), averaged on the log scale over {rows} rows; population-averaged means integrated by {result.Integration}:"));
        var header = new List<string> { "coefficient", "type", "median" };
        header.AddRange(result.Probabilities.Select(QuantileLabel));
        var lines = new List<IReadOnlyList<string>>();
        int median = IndexOfMedian(result.Probabilities);
        foreach (var r in result.Rows)
            foreach (var (type, s) in new[] { ("conditional", r.Conditional), ("population-averaged", r.PopulationAveraged) })
            {
                var cells = new List<string> { r.Coefficient, type, median >= 0 ? TextTable.Number(s.Quantiles[median]) : TextTable.Number(s.Mean) };
                cells.AddRange(s.Quantiles.Select(TextTable.Number));
                lines.Add(cells);
            }
        if (median < 0) header[2] = "mean";
        text.Append(TextTable.Format(header, lines));
        return text.ToString();
    }

    private static int IndexOfMedian(IReadOnlyList<double> probabilities)
    {
        for (int i = 0; i < probabilities.Count; i++) if (probabilities[i] == 0.5) return i;
        return -1;
    }

    private static void Append(StringBuilder text, DrawSummary s)
    {
        text.Append(',').Append(CsvNumber.FormatOrNA(s.Mean)).Append(',').Append(CsvNumber.FormatOrNA(s.Sd));
        foreach (double q in s.Quantiles) text.Append(',').Append(CsvNumber.FormatOrNA(q));
    }
}
