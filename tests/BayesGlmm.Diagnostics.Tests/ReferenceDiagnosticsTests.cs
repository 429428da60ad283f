// Every diagnostic column of posterior 1.4.0 on the reference draws, to a relative 1e-6.
namespace BayesGlmm.Diagnostics.Tests;

public sealed class ReferenceDiagnosticsTests
{
    private const double RelativeTolerance = 1e-6;

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (string variable in ReferenceDraws.Variables)
            foreach (string column in ReferenceDraws.Expected[variable].Keys)
                data.Add(variable, column);
        return data;
    }

    private static double Compute(string column, double[][] chains)
    {
        double[] all = chains.SelectMany(c => c).ToArray();
        double mean = all.Average();
        return column switch
        {
            "mean" => mean,
            "sd" => Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1)),
            "q5" => Quantiles.Type7(all, 0.05),
            "q50" => Quantiles.Type7(all, 0.5),
            "q95" => Quantiles.Type7(all, 0.95),
            "rhat" => Rhat.Rank(chains),
            "rhat_basic" => Rhat.Basic(chains),
            "ess_bulk" => Ess.Bulk(chains),
            "ess_tail" => Ess.Tail(chains),
            "ess_basic" => Ess.Basic(chains),
            "ess_mean" => Ess.Mean(chains),
            "ess_sd" => Ess.Sd(chains),
            "ess_q5" => Ess.Quantile(chains, 0.05),
            "ess_q95" => Ess.Quantile(chains, 0.95),
            "mcse_mean" => Mcse.Mean(chains),
            "mcse_sd" => Mcse.Sd(chains),
            "mcse_q5" => Mcse.Quantile(chains, 0.05),
            "mcse_q95" => Mcse.Quantile(chains, 0.95),
            _ => throw new ArgumentException($"Unknown column {column}."),
        };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void MatchesPosterior(string variable, string column)
    {
        double expected = ReferenceDraws.Expected[variable][column];
        double actual = Compute(column, ReferenceDraws.Draws[variable]);
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{variable} {column}: expected NA, got {actual:R}");
            return;
        }
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(error <= RelativeTolerance || actual == expected,
            $"{variable} {column}: expected {expected:R}, got {actual:R} (relative error {error:E2})");
    }
}
