// Properties: the diagnostics never throw on any values, and do not depend on the order of the chains.
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Diagnostics.Tests;

public sealed class PropertyTests
{
    private static readonly (string Name, Func<IReadOnlyList<double[]>, double> Diagnostic)[] All =
    [
        ("rhat", Rhat.Rank), ("rhat_basic", Rhat.Basic),
        ("ess_bulk", Ess.Bulk), ("ess_tail", Ess.Tail), ("ess_mean", Ess.Mean), ("ess_sd", Ess.Sd),
        ("ess_basic", Ess.Basic), ("ess_q5", c => Ess.Quantile(c, 0.05)), ("ess_q100", c => Ess.Quantile(c, 1.0)),
        ("ess_q0", c => Ess.Quantile(c, 0.0)),
        ("mcse_mean", Mcse.Mean), ("mcse_sd", Mcse.Sd), ("mcse_q95", c => Mcse.Quantile(c, 0.95)),
        ("mcse_q50", c => Mcse.Quantile(c, 0.5)),
    ];

    [Fact]
    public void NeverThrowOnAnyValues()
    {
        Prop.ForAll(DrawGenerators.Chains(DrawGenerators.Any).ToArbitrary(), chains =>
        {
            foreach (var (_, diagnostic) in All) diagnostic(chains);
            double[] all = chains.SelectMany(c => c).ToArray();
            Quantiles.Type7(all, 0.3);
            SamplerChecks.Ebfmi(all);
            return true;
        }).Check(DrawGenerators.Seeded(11));
    }

    [Fact]
    public void NonFiniteDrawsGiveNaN()
    {
        Prop.ForAll(DrawGenerators.Chains(DrawGenerators.Finite).ToArbitrary(), Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity).ToArbitrary(), (chains, bad) =>
        {
            if (chains[0].Length == 0) return true;
            chains[^1][chains[^1].Length / 2] = bad;
            return All.All(d => double.IsNaN(d.Diagnostic(chains)));
        }).Check(DrawGenerators.Seeded(12));
    }

    [Fact]
    public void InvariantToChainOrder()
    {
        var gen = from chains in DrawGenerators.Chains(DrawGenerators.Finite)
                  from order in Gen.Shuffle(Enumerable.Range(0, chains.Length))
                  select (chains, order);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (chains, order) = input;
            double[][] permuted = order.Select(i => chains[i]).ToArray();
            foreach (var (name, diagnostic) in All)
            {
                double a = diagnostic(chains), b = diagnostic(permuted);
                bool same = (double.IsNaN(a) && double.IsNaN(b)) || a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
                if (!same) throw new InvalidOperationException($"{name}: {a:R} vs {b:R} after reordering chains");
            }
            return true;
        }).Check(DrawGenerators.Seeded(13));
    }

    [Fact]
    public void Type7BySelectionEqualsType7OfTheSortedValues()
    {
        var gen = from values in DrawGenerators.Finite.ArrayOf()
                  from p in Gen.Choose(0, 1000).Select(i => i / 1000.0)
                  select (values, p);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (values, p) = input;
            double[] sorted = values.OrderBy(v => v).ToArray();
            double a = Quantiles.Type7(values, p), b = Quantiles.Type7Sorted(sorted, p);
            return a.Equals(b);
        }).Check(DrawGenerators.Seeded(14));
    }

    [Fact]
    public void RadixOrderSortsLikeAComparisonSortAndKeepsTiesInDrawOrder()
    {
        Prop.ForAll(DrawGenerators.Finite.ArrayOf().ToArbitrary(), values =>
        {
            var order = new int[values.Length];
            RadixOrder.Ascending(values, order);
            int[] expected = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
            return order.Select(i => values[i]).SequenceEqual(expected.Select(i => values[i]))
                && order.Zip(order.Skip(1)).All(p => values[p.First] != values[p.Second] || p.First < p.Second || (values[p.First] == 0 && values[p.Second] == 0));
        }).Check(DrawGenerators.Seeded(15));
    }
}
