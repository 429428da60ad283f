// Summary throughput: CPU and wall time of the posterior summary of thousands of variables, and its scaling in draws.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Benchmarks.Summaries;

/// <summary>
/// <c>summary [--variables 4127] [--chains 4] [--draws 250,1000,4000] [--repeats 5]</c>. Builds synthetic draws (AR(1)
/// chains with autocorrelation 0.3–0.9, as a fit's parameters mix, seed 1) for each number of draws per chain and
/// times <see cref="PosteriorSummary.Compute"/> (mean, sd, quantiles, MCSEs, bulk and tail ESS, rank R-hat of every
/// variable, all cores) after one untimed round, interleaved round by round with the same columns computed one
/// diagnostic function at a time (<see cref="Ess"/>, <see cref="Rhat"/>, <see cref="Mcse"/>, <see cref="Quantiles"/>:
/// how the summary worked before <see cref="DrawSummary"/> shared its sort), printing the median wall and CPU seconds
/// and the CPU nanoseconds per variable and draw: a summary that scales linearly keeps that column flat as the draws grow.
/// </summary>
internal static class SummaryThroughputBenchmark
{
    public static int Run(string[] args)
    {
        int variables = 4127, chains = 4, repeats = 5;
        int[] drawCounts = [250, 1000, 4000];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--variables" when i + 1 < args.Length:
                    variables = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--chains" when i + 1 < args.Length:
                    chains = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--draws" when i + 1 < args.Length:
                    drawCounts = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--repeats" when i + 1 < args.Length:
                    repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"summary: unknown option '{args[i]}'. Options: --variables N --chains N --draws a,b --repeats N");
                    return 2;
            }
        }

        Console.WriteLine($"Posterior summary of {variables:N0} variables × {chains} chains, {Environment.ProcessorCount} cores, median of {repeats} rounds");
        Console.WriteLine();
        Console.WriteLine("| draws per chain | summary wall s | summary CPU s | ns per variable and draw | one by one wall s | one by one CPU s | ns per variable and draw |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int n in drawCounts)
        {
            var draws = Synthetic(variables, chains, n);
            PosteriorSummary.Compute(draws);
            OneByOne(draws);
            var times = new List<(double Wall, double Cpu)>[] { [], [] };
            for (int r = 0; r < repeats; r++)
            {
                times[0].Add(Time(() => PosteriorSummary.Compute(draws)));
                times[1].Add(Time(() => OneByOne(draws)));
            }
            double perDraw = (double)(variables + 1) * chains * n / 1e9;
            var (w0, c0) = (Median(times[0].Select(t => t.Wall)), Median(times[0].Select(t => t.Cpu)));
            var (w1, c1) = (Median(times[1].Select(t => t.Wall)), Median(times[1].Select(t => t.Cpu)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n:N0} | {w0:F3} | {c0:F3} | {c0 / perDraw:F1} | {w1:F3} | {c1:F3} | {c1 / perDraw:F1} |"));
        }
        return 0;
    }

    private static (double Wall, double Cpu) Time(Action work)
    {
        var cpuStart = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        work();
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds);
    }

    /// <summary>The summary's columns, each by its own diagnostic function, in parallel over the variables.</summary>
    private static void OneByOne(Draws draws)
    {
        int chains = draws.ChainCount;
        Parallel.For(0, draws.Variables.Count, v =>
        {
            var values = draws.AllChains(v);
            var sorted = values.ToArray();
            Array.Sort(sorted);
            double mean = Moments.Mean(values);
            _ = (mean, Moments.Variance(values, mean), Quantiles.Type7Sorted(sorted, 0.05), Quantiles.Type7Sorted(sorted, 0.5), Quantiles.Type7Sorted(sorted, 0.95),
                Mcse.Mean(values, chains), Mcse.Sd(values, chains), Ess.Bulk(values, chains), Ess.Tail(values, chains), Rhat.Rank(values, chains));
        });
    }

    /// <summary>AR(1) chains x_t = φ x_{t−1} + e_t with φ from 0.3 to 0.9 across the variables, then lp__.</summary>
    private static Draws Synthetic(int variables, int chains, int n)
    {
        var names = Enumerable.Range(0, variables).Select(v => $"r_g[{v + 1},Intercept]").Append("lp__").ToArray();
        var draws = new Draws(names, chains, n);
        var rng = new RandomStream(1);
        for (int v = 0; v < names.Length; v++)
        {
            double phi = 0.3 + 0.6 * v / Math.Max(1, names.Length - 1);
            for (int c = 0; c < chains; c++)
            {
                var chain = draws.Chain(v, c);
                double x = rng.NextStandardNormal();
                for (int t = 0; t < n; t++)
                {
                    x = phi * x + Math.Sqrt(1 - phi * phi) * rng.NextStandardNormal();
                    chain[t] = x;
                }
            }
        }
        return draws;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
