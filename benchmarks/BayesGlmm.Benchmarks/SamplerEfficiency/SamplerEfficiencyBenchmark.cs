// The sampler-efficiency harness: min bulk ESS per gradient on Stan's reference targets, beside Stan's figure.
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.SamplerEfficiency;

/// <summary>
/// <c>sampler-efficiency [--seeds 1,2,3] [--targets a,b] [--metrics diag,dense]</c>: runs each target of
/// <c>stan_targets.R</c> with 4 chains × (1000 + 1000) as Stan's reference did and prints a Markdown table of
/// the median over seeds of the minimum bulk ESS, gradients (Σ n_leapfrog__ over warmup and sampling, as the
/// reference counts them, and every evaluation), ESS per gradient, Stan's median ESS per gradient and the ratio.
/// </summary>
internal static class SamplerEfficiencyBenchmark
{
    public static int Run(string[] args)
    {
        ulong[] seeds = [1, 2, 3];
        string[]? targets = null;
        MetricKind[] metrics = [MetricKind.Diagonal, MetricKind.Dense];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seeds" when i + 1 < args.Length:
                    seeds = args[++i].Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--targets" when i + 1 < args.Length:
                    targets = args[++i].Split(',');
                    break;
                case "--metrics" when i + 1 < args.Length:
                    metrics = args[++i].Split(',').Select(m => m == "dense" ? MetricKind.Dense : MetricKind.Diagonal).ToArray();
                    break;
                default:
                    Console.Error.WriteLine($"sampler-efficiency: unknown option '{args[i]}'. Options: --seeds 1,2,3 --targets normal100,... --metrics diag,dense");
                    return 2;
            }
        }

        var stan = StanReference.Load(StanReference.Locate());
        var rows = new List<string>();
        var details = new List<string>();
        foreach (EfficiencyTarget target in EfficiencyTargets.All())
        {
            if (targets is not null && !targets.Contains(target.Name)) continue;
            foreach (MetricKind metric in metrics)
            {
                var runs = seeds.Select(seed => RunOnce(target, metric, seed)).ToList();
                foreach (var (seed, r) in seeds.Zip(runs))
                    details.Add($"| {target.Name} | {Name(metric)} | {seed} | {r.MinEss:F0} | {r.Gradients} | {r.AllGradients} | {r.EssPerGradient:F5} | {r.MeanStepSize:G3} | {r.MeanTreeDepth:F2} | {r.MeanLeapfrog:F1} | {r.Divergences} | {r.MicrosecondsPerGradient:F2} |");
                double minEss = Median(runs.Select(r => r.MinEss));
                double grads = Median(runs.Select(r => (double)r.Gradients));
                double all = Median(runs.Select(r => (double)r.AllGradients));
                double perGrad = Median(runs.Select(r => r.EssPerGradient));
                double stanPerGrad = stan.TryGetValue((target.Name, Name(metric)), out double v) ? v : double.NaN;
                rows.Add($"| {target.Name} | {Name(metric)} | {minEss:F0} | {grads:F0} | {all:F0} | {perGrad:F5} | {stanPerGrad:F5} | {perGrad / stanPerGrad:F2} |");
                Console.Error.WriteLine($"{target.Name} {Name(metric)}: ratio {perGrad / stanPerGrad:F2}");
            }
        }

        Console.WriteLine($"Sampler efficiency: 4 chains × (1000 warmup + 1000 draws), seeds {string.Join(",", seeds)}, medians over seeds.");
        Console.WriteLine("Gradients = Σ n_leapfrog__ over warmup and sampling (as Stan's reference counts them); 'all' counts every evaluation.");
        Console.WriteLine();
        Console.WriteLine("| target | metric | min bulk ESS | gradients | all gradients | ESS/gradient | Stan ESS/gradient | ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| target | metric | seed | min bulk ESS | gradients | all gradients | ESS/gradient | mean final step size | mean tree depth | mean n_leapfrog (sampling) | divergences | µs per gradient (chain time) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        details.ForEach(Console.WriteLine);
        return 0;
    }

    private static string Name(MetricKind metric) => metric == MetricKind.Dense ? "dense_e" : "diag_e";

    private sealed record RunStats(double MinEss, long Gradients, long AllGradients, double EssPerGradient, double MeanStepSize, double MeanTreeDepth, double MeanLeapfrog, int Divergences, double MicrosecondsPerGradient);

    private static RunStats RunOnce(EfficiencyTarget target, MetricKind metric, ulong seed)
    {
        var options = new SamplerOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = seed, Metric = metric };
        SamplingResult result = NutsSampler.Run(LogDensityFactory.Shared(target.Density), options);
        int d = result.Dimension;
        double minEss = double.PositiveInfinity;
        double[] reported = new double[target.ReportedCount];
        var perQuantity = Enumerable.Range(0, target.ReportedCount).Select(_ => result.Chains.Select(c => new double[c.CompletedDraws]).ToArray()).ToArray();
        foreach (ChainResult chain in result.Chains)
        {
            for (int k = 0; k < chain.CompletedDraws; k++)
            {
                target.Report(chain.Draws.AsSpan(k * d, d).ToArray(), reported);
                for (int j = 0; j < reported.Length; j++) perQuantity[j][chain.Chain][k] = reported[j];
            }
        }
        foreach (double[][] chains in perQuantity) minEss = Math.Min(minEss, BulkEss(chains));

        long grads = result.Chains.Sum(c => c.WarmupLeapfrogSteps + c.SamplingLeapfrogSteps);
        long all = result.Chains.Sum(c => c.GradientEvaluations);
        return new RunStats(
            minEss, grads, all, minEss / grads,
            result.Chains.Average(c => c.StepSize),
            result.Chains.Average(c => c.Statistics.Average(s => s.TreeDepth)),
            result.Chains.Average(c => c.Statistics.Average(s => s.LeapfrogSteps)),
            result.Chains.Sum(c => c.Statistics.Count(s => s.Divergent)),
            result.Chains.Sum(c => (c.WarmupTime + c.SamplingTime).TotalMicroseconds) / all);
    }

    private static double BulkEss(double[][] chains) => Ess.Bulk(chains);

    private static double Median(IEnumerable<double> values)
    {
        double[] v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
