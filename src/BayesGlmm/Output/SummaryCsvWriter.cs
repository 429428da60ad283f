// Writes summary.csv: one row per variable with posterior's summary columns, culture-invariant, NA for NaN.
using System.Text;
using BayesGlmm.Analysis.Summaries;

namespace BayesGlmm.Output;

/// <summary>
/// Writes the posterior summary as CSV with the columns
/// <c>variable,mean,sd,q5,q50,q95,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat</c> (posterior's
/// <c>summarise_draws</c> with the default and convergence measures). Variable names are brms names,
/// quoted where CSV needs it; numbers round-trip exactly; NaN is written <c>NA</c>.
/// </summary>
public static class SummaryCsvWriter
{
    /// <summary>The header row.</summary>
    public const string Header = "variable,mean,sd,q5,q50,q95,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat";

    /// <summary>Writes the rows to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<SummaryRow> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        Write(writer, rows);
    }

    /// <summary>Writes the rows to <paramref name="path"/> whole or not at all (<see cref="AtomicFile"/>).</summary>
    public static void WriteWhole(string path, IEnumerable<SummaryRow> rows)
    {
        var text = new StringWriter { NewLine = "\n" };
        Write(text, rows);
        AtomicFile.Write(path, text.ToString());
    }

    /// <summary>Writes the rows to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<SummaryRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var r in rows)
        {
            writer.Write(DrawsCsvWriter.Quote(r.Variable));
            foreach (double v in new[] { r.Mean, r.Sd, r.Q5, r.Q50, r.Q95, r.McseMean, r.McseSd, r.EssBulk, r.EssTail, r.Rhat })
            {
                writer.Write(',');
                writer.Write(DrawsCsvWriter.FormatForR(v));
            }
            writer.Write('\n');
        }
    }
}
