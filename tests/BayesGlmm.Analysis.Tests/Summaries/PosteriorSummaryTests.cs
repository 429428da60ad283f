// The summary table against posterior 1.4.0 on the reference draws, its variable selection and its order.
using System.Globalization;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Tests.Summaries;

public sealed class PosteriorSummaryTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Reference", "diagnostics");

    private static double Number(string s) =>
        s.Trim('"') == "NA" ? double.NaN : double.Parse(s.Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Draws ReferenceDraws(params string[] extra)
    {
        var rows = File.ReadLines(Path.Combine(Folder, "draws.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (Variable: f[0].Trim('"'), Chain: int.Parse(f[1], CultureInfo.InvariantCulture),
                Draw: int.Parse(f[2], CultureInfo.InvariantCulture), Value: Number(f[3])))
            .ToList();
        string[] variables = rows.Select(r => r.Variable).Distinct().Concat(extra).ToArray();
        var draws = new Draws(variables, 4, 1000);
        foreach (var r in rows) draws.Chain(draws.IndexOf(r.Variable), r.Chain - 1)[r.Draw - 1] = r.Value;
        return draws;
    }

    private static Dictionary<string, Dictionary<string, double>> Expected()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, "diagnostics_expected.csv"));
        string[] header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[0].Trim('"'),
            f => Enumerable.Range(1, header.Length - 1).ToDictionary(i => header[i], i => Number(f[i])));
    }

    private static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NA, got {actual:R}");
            return;
        }
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(error <= 1e-6, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void MatchesPosteriorOnTheReferenceDraws()
    {
        var expected = Expected();
        IReadOnlyList<SummaryRow> rows = PosteriorSummary.Compute(ReferenceDraws());
        Assert.Equal(expected.Keys, rows.Select(r => r.Variable));
        foreach (SummaryRow row in rows)
        {
            var e = expected[row.Variable];
            Close(e["mean"], row.Mean, $"{row.Variable} mean");
            Close(e["sd"], row.Sd, $"{row.Variable} sd");
            Close(e["q5"], row.Q5, $"{row.Variable} q5");
            Close(e["q50"], row.Q50, $"{row.Variable} q50");
            Close(e["q95"], row.Q95, $"{row.Variable} q95");
            Close(e["mcse_mean"], row.McseMean, $"{row.Variable} mcse_mean");
            Close(e["mcse_sd"], row.McseSd, $"{row.Variable} mcse_sd");
            Close(e["ess_bulk"], row.EssBulk, $"{row.Variable} ess_bulk");
            Close(e["ess_tail"], row.EssTail, $"{row.Variable} ess_tail");
            Close(e["rhat"], row.Rhat, $"{row.Variable} rhat");
        }
    }

    [Fact]
    public void KeepsLpButDropsOtherSamplerVariablesUnlessAsked()
    {
        Draws draws = ReferenceDraws("lp__", "accept_stat__", "energy__");
        var names = PosteriorSummary.Compute(draws).Select(r => r.Variable).ToList();
        Assert.Contains("lp__", names);
        Assert.DoesNotContain("accept_stat__", names);
        Assert.DoesNotContain("energy__", names);
        Assert.Equal(draws.Variables.Count - 2, names.Count);

        var all = PosteriorSummary.Compute(draws, includeSamplerVariables: true).Select(r => r.Variable);
        Assert.Equal(draws.Variables, all);
    }

    [Fact]
    public void RowsFollowTheDrawsOrderAndEqualTheDiagnostics()
    {
        var random = new Random(5);
        string[] names = Enumerable.Range(0, 300).Select(i => $"r_g[{i},Intercept]").ToArray();
        var draws = new Draws(names, 4, 200);
        for (int v = 0; v < names.Length; v++)
            for (int c = 0; c < 4; c++)
            {
                Span<double> chain = draws.Chain(v, c);
                for (int i = 0; i < chain.Length; i++) chain[i] = random.NextDouble() * (v + 1);
            }
        IReadOnlyList<SummaryRow> rows = PosteriorSummary.Compute(draws);
        Assert.Equal(names, rows.Select(r => r.Variable));
        for (int v = 0; v < names.Length; v += 37)
        {
            double[][] chains = draws.ChainsOf(v);
            Assert.Equal(Ess.Bulk(chains), rows[v].EssBulk);
            Assert.Equal(Ess.Tail(chains), rows[v].EssTail);
            Assert.Equal(Rhat.Rank(chains), rows[v].Rhat);
            Assert.Equal(Mcse.Mean(chains), rows[v].McseMean);
            Assert.Equal(Mcse.Sd(chains), rows[v].McseSd);
        }
        Assert.Equal(rows, PosteriorSummary.Compute(draws));
    }

    [Fact]
    public void ConstantAndNonFiniteVariablesGiveNaNDiagnostics()
    {
        var draws = new Draws(["fixed", "broken"], 2, 50);
        for (int c = 0; c < 2; c++)
        {
            draws.Chain(0, c).Fill(1.5);
            Span<double> b = draws.Chain(1, c);
            for (int i = 0; i < b.Length; i++) b[i] = i;
        }
        draws.Chain(1, 1)[3] = double.PositiveInfinity;
        var rows = PosteriorSummary.Compute(draws);
        Assert.Equal(1.5, rows[0].Mean);
        Assert.Equal(1.5, rows[0].Q50);
        Assert.True(double.IsNaN(rows[0].EssBulk) && double.IsNaN(rows[0].Rhat) && double.IsNaN(rows[0].McseMean));
        Assert.True(double.IsNaN(rows[1].EssBulk) && double.IsNaN(rows[1].EssTail) && double.IsNaN(rows[1].Rhat));
    }
}
