using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.Calibration;

public sealed class RankThinningTests
{
    internal static Dictionary<string, double[][]> Chains()
    {
        var csv = ReferenceCsv.Read("rank_chains.csv");
        return csv.Rows.GroupBy(r => csv.Text(r, "variable")).ToDictionary(
            g => g.Key,
            g => g.GroupBy(r => csv.Integer(r, "chain")).OrderBy(c => c.Key)
                  .Select(c => c.OrderBy(r => csv.Integer(r, "iteration")).Select(r => csv.Number(r, "value")).ToArray())
                  .ToArray());
    }

    [Fact]
    public void MaxRankAndTieRangeMatchTheReference()
    {
        var chains = Chains();
        var expected = ReferenceCsv.Read("rank_expected.csv");
        var rng = new RandomStream(20261123);
        foreach (var row in expected.Rows)
        {
            string variable = expected.Text(row, "variable");
            int thin = expected.Integer(row, "thin_ranks"), divisor = expected.Integer(row, "ensure_num_ranks_divisor");
            int[] kept = RankThinning.KeptIterations(chains[variable][0].Length, thin);
            double[] draws = RankThinning.Select(chains[variable], kept, divisor);
            double truth = expected.Number(row, "true_value");

            Assert.Equal(expected.Integer(row, "max_rank"), draws.Length);
            var (less, ties) = SbcRank.Range(truth, draws);
            Assert.Equal(expected.Integer(row, "rank_min"), less);
            Assert.Equal(expected.Integer(row, "rank_max"), less + ties);

            // The random tie-break covers the whole range and nothing else.
            var seen = new HashSet<int>();
            for (int rep = 0; rep < 400; rep++) seen.Add(SbcRank.Compute(truth, draws, rng));
            Assert.Equal(Enumerable.Range(less, ties + 1).ToHashSet(), seen);
        }
    }

    [Fact]
    public void DivisorRuleCutsToAMultipleAndKeepsAllWhenNothingWouldBeLeft()
    {
        Assert.Equal(399, RankThinning.EnsureDivisor(400, 2));
        Assert.Equal(59, RankThinning.EnsureDivisor(60, 5));
        Assert.Equal(40, RankThinning.EnsureDivisor(40, 1));
        Assert.Equal(3, RankThinning.EnsureDivisor(3, 2));
        Assert.Equal(2, RankThinning.EnsureDivisor(2, 10));
    }

    [Fact]
    public void MissingDrawsCountAsTies()
    {
        var (less, ties) = SbcRank.Range(1.0, [0.5, double.NaN, 1.0, 2.0]);
        Assert.Equal(1, less);
        Assert.Equal(2, ties);
    }

    [Fact]
    public void EssThinningMatchesTheReference()
    {
        var expected = ReferenceCsv.Read("ess_thinning_expected.csv");
        int iterations = Chains()["a"][0].Length;
        double overall = 0;
        foreach (var group in expected.Rows.GroupBy(r => expected.Text(r, "variable")))
        {
            double[] bulk = group.Select(r => expected.Number(r, "ess_bulk_chain")).ToArray();
            double[] tail = group.Select(r => expected.Number(r, "ess_tail_chain")).ToArray();
            double thin = EssThinning.VariableThin(iterations, bulk, tail);
            double reference = expected.Number(group.First(), "thin_variable");
            Assert.True(Math.Abs(thin - reference) <= 1e-8 * reference, $"{group.Key}: {thin:R} vs {reference:R}");
            overall = Math.Max(overall, thin);
        }
        var first = expected.Rows[0];
        Assert.True(Math.Abs(overall - expected.Number(first, "thin_all")) <= 1e-8 * overall);
        int[] kept = EssThinning.KeptIterations(iterations, overall);
        Assert.Equal(expected.Integer(first, "n_iter_kept_per_chain"), kept.Length);
        Assert.Equal(expected.Text(first, "kept_iterations").Split(';').Select(int.Parse).ToArray(), kept);
    }

    [Fact]
    public void EssThinningRoundsHalvesToEvenAndNeverThinsBelowOne()
    {
        // seq(1, 10, by = 1.5) = 1, 2.5, 4, 5.5, 7, 8.5, 10 -> round: 1, 2, 4, 6, 7, 8, 10.
        Assert.Equal(new[] { 1, 2, 4, 6, 7, 8, 10 }, EssThinning.KeptIterations(10, 1.5));
        Assert.Equal(Enumerable.Range(1, 5).ToArray(), EssThinning.KeptIterations(5, 0.7));
    }

    [Fact]
    public void EssThinningFromTheChainsMatchesTheReference()
    {
        var chains = Chains();
        var expected = ReferenceCsv.Read("ess_thinning_expected.csv");
        foreach (var row in expected.Rows)
        {
            double[] chain = chains[expected.Text(row, "variable")][expected.Integer(row, "chain") - 1];
            double bulk = BayesGlmm.Diagnostics.Ess.Bulk([chain]), tail = BayesGlmm.Diagnostics.Ess.Tail([chain]);
            Assert.True(Math.Abs(bulk - expected.Number(row, "ess_bulk_chain")) <= 1e-8 * bulk, $"bulk {bulk:R}");
            Assert.True(Math.Abs(tail - expected.Number(row, "ess_tail_chain")) <= 1e-8 * tail, $"tail {tail:R}");
        }
        double thin = EssThinning.Thin([chains["a"], chains["b"], chains["k"]]);
        double reference = expected.Number(expected.Rows[0], "thin_all");
        Assert.True(Math.Abs(thin - reference) <= 1e-8 * reference, $"{thin:R} vs {reference:R}");
    }

    [Fact]
    public void UnthinnedTailEssMatchesTheReference()
    {
        // SBC 0.5.0.9000 summarises the fit after as_draws_matrix, which pools the chains into one
        // sequence: its ess_tail is the tail ESS of the four chains concatenated (193.8 for 'a' when the
        // chains are kept apart, 115.8 pooled). The study runner keeps the chains apart.
        var chains = Chains();
        var expected = ReferenceCsv.Read("rank_expected.csv");
        foreach (var row in expected.Rows)
        {
            double tail = BayesGlmm.Diagnostics.Ess.Tail([chains[expected.Text(row, "variable")].SelectMany(c => c).ToArray()]);
            double reference = expected.Number(row, "ess_tail_unthinned");
            Assert.True(Math.Abs(tail - reference) <= 1e-8 * reference, $"{tail:R} vs {reference:R}");
            Assert.True(Math.Abs(tail / expected.Integer(row, "max_rank") - expected.Number(row, "ess_tail_over_max_rank")) <= 1e-8);
        }
    }
}
