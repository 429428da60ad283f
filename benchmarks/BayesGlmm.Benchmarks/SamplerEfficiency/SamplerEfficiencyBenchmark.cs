// The sampler-efficiency harness: min bulk ESS per gradient on Stan's reference targets, beside Stan's figure.
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.SamplerEfficiency;

/// <summary>
/// <c>sampler-efficiency [--seeds 1,2,3] [--targets a,b] [--configs stan,stan-dense,fisher,...]</c>: runs each target of
/// <c>stan_targets.R</c> with 4 chains × (1000 + 1000 draws; a configuration may shorten the warmup) under each
/// sampler configuration (<see cref="SamplerConfig"/>) and prints a Markdown table of the median over seeds of the
/// minimum bulk ESS, gradients (Σ n_leapfrog__ over warmup and sampling, as the reference counts them, and every
/// evaluation), ESS per gradient and per sampling gradient, Stan's median ESS per gradient (diag_e, Stan's default,
/// and dense_e) and the ratios.
/// </summary>
internal static class SamplerEfficiencyBenchmark
{
    public static int Run(string[] args)
    {
        ulong[] seeds = [1, 2, 3];
        string[]? targets = null;
        SamplerConfig[] configs = [SamplerConfig.Parse("stan"), SamplerConfig.Parse("stan-dense")];
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
                case "--configs" when i + 1 < args.Length:
                    configs = args[++i].Split(',').Select(SamplerConfig.Parse).ToArray();
                    break;
                default:
                    Console.Error.WriteLine($"sampler-efficiency: unknown option '{args[i]}'. Options: --seeds 1,2,3 --targets normal100,... --configs stan,stan-dense,fisher,fisher-lowrank,fisher-walnuts,fisher@400");
                    return 2;
            }
        }

        var stan = StanReference.Load(StanReference.Locate());
        var rows = new List<string>();
        var details = new List<string>();
        var ratios = new Dictionary<string, List<double>>();
        foreach (EfficiencyTarget target in EfficiencyTargets.All())
        {
            if (targets is not null && !targets.Contains(target.Name)) continue;
            foreach (SamplerConfig config in configs)
            {
                var runs = seeds.Select(seed => RunOnce(target, config, seed)).ToList();
                foreach (var (seed, r) in seeds.Zip(runs))
                    details.Add($"| {target.Name} | {config.Name} | {seed} | {r.MinEss:F0} | {r.Gradients} | {r.SamplingGradients} | {r.AllGradients} | {r.EssPerGradient:F5} | {r.MeanStepSize:G3} | {r.MeanTreeDepth:F2} | {r.MeanLeapfrog:F1} | {r.Divergences} |");
                double minEss = Median(runs.Select(r => r.MinEss));
                double grads = Median(runs.Select(r => (double)r.Gradients));
                double all = Median(runs.Select(r => (double)r.AllGradients));
                double perGrad = Median(runs.Select(r => r.EssPerGradient));
                double perSamplingGrad = Median(runs.Select(r => r.MinEss / r.SamplingGradients));
                double stanDiag = stan.TryGetValue((target.Name, "diag_e"), out double v) ? v : double.NaN;
                double stanDense = stan.TryGetValue((target.Name, "dense_e"), out double w) ? w : double.NaN;
                int divergences = runs.Sum(r => r.Divergences);
                rows.Add($"| {target.Name} | {config.Name} | {minEss:F0} | {grads:F0} | {all:F0} | {perGrad:F5} | {perSamplingGrad:F5} | {stanDiag:F5} | {perGrad / stanDiag:F2} | {perGrad / Math.Max(stanDiag, stanDense):F2} | {divergences} |");
                (ratios.TryGetValue(config.Name, out var list) ? list : ratios[config.Name] = []).Add(perGrad / stanDiag);
                Console.Error.WriteLine($"{target.Name} {config.Name}: ratio {perGrad / stanDiag:F2}");
            }
        }

        Console.WriteLine($"Sampler efficiency: 4 chains × 1000 draws after the configuration's warmup (1000 unless @N), seeds {string.Join(",", seeds)}, medians over seeds.");
        Console.WriteLine("Gradients = Σ n_leapfrog__ over warmup and sampling (as Stan's reference counts them); 'all' counts every evaluation.");
        Console.WriteLine("Ratios: our median ESS per gradient ÷ Stan 2.21's median (seeds 1–3) with diag_e (its default), and ÷ the better of Stan's diag_e and dense_e.");
        Console.WriteLine();
        Console.WriteLine("| target | configuration | min bulk ESS | gradients | all gradients | ESS/gradient | ESS/sampling gradient | Stan diag_e ESS/gradient | ÷ Stan diag_e | ÷ Stan best | divergences (all seeds) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| configuration | median ratio ÷ Stan diag_e | min | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, list) in ratios)
            Console.WriteLine($"| {name} | {Median(list):F2} | {list.Min():F2} | {list.Max():F2} |");
        Console.WriteLine();
        Console.WriteLine("| target | configuration | seed | min bulk ESS | gradients | sampling gradients | all gradients | ESS/gradient | mean final step size | mean tree depth | mean n_leapfrog (sampling) | divergences |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        details.ForEach(Console.WriteLine);
        return 0;
    }

    private sealed record RunStats(double MinEss, long Gradients, long SamplingGradients, long AllGradients, double EssPerGradient, double MeanStepSize, double MeanTreeDepth, double MeanLeapfrog, int Divergences);

    private static RunStats RunOnce(EfficiencyTarget target, SamplerConfig config, ulong seed)
    {
        var options = config.Apply(new SamplerOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = seed });
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
            minEss, grads, result.Chains.Sum(c => c.SamplingLeapfrogSteps), all, minEss / grads,
            result.Chains.Average(c => c.StepSize),
            result.Chains.Average(c => c.Statistics.Average(s => s.TreeDepth)),
            result.Chains.Average(c => c.Statistics.Average(s => s.LeapfrogSteps)),
            result.Chains.Sum(c => c.Statistics.Count(s => s.Divergent)));
    }

    private static double BulkEss(double[][] chains) => Ess.Bulk(chains);

    private static double Median(IEnumerable<double> values)
    {
        double[] v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
