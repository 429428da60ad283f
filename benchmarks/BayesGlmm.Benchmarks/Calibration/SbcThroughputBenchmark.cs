// SBC throughput: fits per minute of a study, with several fits at once (chains sequential) against one fit at a time (chains parallel).
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Fitting;

namespace BayesGlmm.Benchmarks.Calibration;

/// <summary>
/// <c>sbc [--model models/sbc_poisson.json] [--sims 100]</c>: runs the same study twice into temporary directories,
/// once with one fit per core (each fit's chains in sequence, the default) and once with one fit at a time
/// (its chains in parallel), and prints fits per minute for each, with the machine's core count.
/// </summary>
internal static class SbcThroughputBenchmark
{
    public static int Run(string[] args)
    {
        string modelPath = "models/sbc_poisson.json";
        int sims = 100;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--model") modelPath = args[++i];
            else if (args[i] == "--sims") sims = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var file = ModelFile.Load(modelPath);
        var model = ModelComposition.Prepare(file.Model).Model;
        var sampler = file.Settings;
        Console.WriteLine($"SBC throughput: {file.Model.Name}, {sims} simulations, {sampler.Chains} chains x ({sampler.Warmup} + {sampler.Draws}), {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| layout | fits | seconds | fits per minute |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (layout, options) in new[]
                 {
                     ("one fit per core, chains in sequence", new SbcOptions { Simulations = sims, Sampler = sampler, ChainParallelism = 1 }),
                     ("one fit at a time, chains in parallel", new SbcOptions { Simulations = sims, Sampler = sampler, MaxParallelFits = 1, ChainParallelism = sampler.Chains }),
                 })
        {
            string dir = Path.Combine(Path.GetTempPath(), "bayesglmm-sbc-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var clock = Stopwatch.StartNew();
                var result = new SbcStudy(model, options).Run(dir);
                double seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {layout} | {result.Simulations.Count} | {seconds:F1} | {result.Simulations.Count / seconds * 60:F0} |"));
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }
        return 0;
    }
}
