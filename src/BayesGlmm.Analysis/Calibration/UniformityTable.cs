// uniformity.csv: the per-quantity uniformity test of a study's ranks.
using System.Globalization;
using System.Text;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>One row of <c>uniformity.csv</c>.</summary>
/// <param name="Variable">The quantity.</param>
/// <param name="Result">Its uniformity test over the study's successful simulations.</param>
public sealed record UniformityRow(string Variable, UniformityResult Result);

/// <summary>
/// The uniformity assessment of every quantity of a study (Säilynoja, Bürkner &amp; Vehtari 2022), written
/// as <c>variable,p_value,verdict</c> (verdict <c>ok</c> or <c>miscalibrated</c>) followed by
/// <c>n_sims,max_rank,gamma_stat,gamma_adj,n_outside_band</c>.
/// </summary>
public static class UniformityTable
{
    /// <summary>The file name inside a study directory.</summary>
    public const string FileName = "uniformity.csv";

    /// <summary>
    /// Tests each quantity's ranks over the simulations whose fit succeeded. Every simulation must share
    /// one max_rank (as SBC requires); the band is computed once per (N, K).
    /// </summary>
    public static IReadOnlyList<UniformityRow> Compute(IReadOnlyList<SbcSimulationResult> simulations, double probability = 0.95)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        var ok = simulations.Where(s => s.Error is null).OrderBy(s => s.Simulation).ToList();
        if (ok.Count == 0) return [];
        var variables = ok[0].Ranks.Select(r => r.Variable).ToList();
        int maxRank = ok[0].Ranks[0].MaxRank;
        if (ok.Any(s => s.Ranks.Any(r => r.MaxRank != maxRank)))
            throw new InvalidOperationException("The simulations do not share one max_rank; their ranks cannot be pooled.");
        int n = ok.Count;
        var band = SimultaneousBand.Compute(n, RankEcdf.DefaultGridSize(n, maxRank), probability);
        var rows = new List<UniformityRow>();
        for (int v = 0; v < variables.Count; v++)
        {
            var ranks = new int[n];
            for (int s = 0; s < n; s++)
            {
                var r = ok[s].Ranks[v];
                if (r.Variable != variables[v])
                    throw new InvalidOperationException($"Simulation {ok[s].Simulation} ranks '{r.Variable}' where '{variables[v]}' was expected.");
                ranks[s] = r.Rank ?? throw new InvalidOperationException($"Simulation {ok[s].Simulation} has no rank for '{r.Variable}'.");
            }
            rows.Add(new UniformityRow(variables[v], UniformityTest.Run(ranks, maxRank, band)));
        }
        return rows;
    }

    /// <summary>The verdict as written in the file.</summary>
    public static string VerdictText(CalibrationVerdict verdict) => verdict == CalibrationVerdict.Ok ? "ok" : "miscalibrated";

    /// <summary>Writes <c>uniformity.csv</c> atomically.</summary>
    public static void Write(string path, IReadOnlyList<UniformityRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("variable,p_value,verdict,n_sims,max_rank,gamma_stat,gamma_adj,n_outside_band\n");
        foreach (var row in rows)
        {
            var r = row.Result;
            sb.Append('"').Append(row.Variable.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",")
              .Append(r.PValue.ToString("R", c)).Append(',')
              .Append(VerdictText(r.Verdict)).Append(',')
              .Append(r.Band.SimulationCount.ToString(c)).Append(',')
              .Append(r.MaxRank.ToString(c)).Append(',')
              .Append(r.GammaStatistic.ToString("R", c)).Append(',')
              .Append(r.Band.Gamma.ToString("R", c)).Append(',')
              .Append(r.OutsideCount.ToString(c)).Append('\n');
        }
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, sb.ToString(), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
