// Within-chain parallelism: one chain's gradient evaluations per wall-clock second on 1, 2, ... threads, side by side.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Benchmarks.Gradients;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.Gradient;

/// <summary>
/// <c>within-chain [--models insteval] [--simulated 65536,1000000] [--threads 1,2] [--seconds 2] [--repeats 5] [--fit 0]</c>.
/// For each model file and each simulated logistic GLMM (bernoulli, 10 fixed effects, intercepts for N/20, 100 and 1,000
/// levels: <see cref="SyntheticGlmm"/>) it makes one evaluator per thread count, checks that they give bit-identical
/// densities and gradients, then times <c>--repeats</c> rounds of <c>--seconds</c> of evaluations per evaluator,
/// interleaved round by round so that the machine's load falls on all alike, and prints the median evaluations per
/// wall-clock second and the speedup over one thread within the same run. <c>--fit K</c> also times one NUTS chain of K
/// warmup and K draws (seed 1) per thread count and checks that the draws are identical.
/// </summary>
internal static class WithinChainBenchmark
{
    public static int Run(string[] args)
    {
        string[] models = ["insteval"];
        int[] simulated = [1_000_000];
        int[] threads = [1, 2];
        double seconds = 2.0;
        int repeats = 5, fit = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--models" when i + 1 < args.Length:
                    models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--simulated" when i + 1 < args.Length:
                    simulated = Ints(args[++i]);
                    break;
                case "--threads" when i + 1 < args.Length:
                    threads = Ints(args[++i]);
                    break;
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--repeats" when i + 1 < args.Length:
                    repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--fit" when i + 1 < args.Length:
                    fit = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"within-chain: unknown option '{args[i]}'. Options: --models a,b --simulated N,N --threads 1,2 --seconds S --repeats R --fit K");
                    return 2;
            }
        }

        string root = EndToEnd.EndToEndBenchmark.RepositoryRootForSuites();
        var subjects = new List<(string Name, GlmmModel Model, double[] Position)>();
        foreach (var m in models)
        {
            var model = (GlmmModel)ModelComposition.Prepare(ModelFile.Load(Path.Combine(root, "models", m + ".json")).Model).Model;
            var rng = new Numerics.Random.RandomStream(1, 0);
            subjects.Add((m, model, Enumerable.Range(0, model.Dimension).Select(_ => 0.5 * rng.NextStandardNormal()).ToArray()));
        }
        foreach (int n in simulated)
        {
            var synthetic = SyntheticGlmm.Create("bernoulli", n, terms: 3);
            subjects.Add(($"simulated logistic GLMM", synthetic.Model, synthetic.Position));
        }
        Console.WriteLine($"{Environment.ProcessorCount} processors; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load {Load()}");
        Console.WriteLine();
        Console.WriteLine("| model | N | d | partitions | threads | evaluations per wall second (median) | min – max | ms/evaluation | speedup |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, model, position) in subjects)
        {
            var evaluators = threads.Select(t => (GlmmEvaluator)model.Create(t)).ToArray();
            try
            {
                CheckIdentical(name, evaluators, position);
                var gradient = new double[model.Dimension];
                foreach (var e in evaluators) Rate(() => e.Evaluate(position, gradient), Math.Max(1.0, seconds / 2));
                var rates = evaluators.Select(_ => new List<double>()).ToArray();
                for (int r = 0; r < repeats; r++)
                    for (int t = 0; t < evaluators.Length; t++)
                    {
                        var e = evaluators[t];
                        rates[t].Add(Rate(() => e.Evaluate(position, gradient), seconds));
                    }
                double baseline = GradientThroughputBenchmark.Median(rates[0]);
                for (int t = 0; t < evaluators.Length; t++)
                {
                    double median = GradientThroughputBenchmark.Median(rates[t]);
                    Console.WriteLine($"| {name} | {model.ObservationCount:N0} | {model.Dimension} | {evaluators[t].PartitionCount} | {evaluators[t].Threads} | " +
                                      $"{median:F1} | {rates[t].Min():F1} – {rates[t].Max():F1} | {1e3 / median:F2} | {median / baseline:F2} |");
                }
            }
            finally
            {
                foreach (var e in evaluators) e.Dispose();
            }
        }
        Console.WriteLine($"load after: {Load()}");

        if (fit > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"| model | threads per chain | one chain, {fit} warmup + {fit} draws: wall s | speedup | draws identical to 1 thread |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            foreach (var (name, model, _) in subjects)
            {
                double[]? reference = null;
                double baseline = 0;
                foreach (int t in threads)
                {
                    var options = new SamplerOptions { Chains = 1, Warmup = fit, Draws = fit, Seed = 1, ThreadsPerChain = t };
                    var clock = Stopwatch.StartNew();
                    var draws = NutsSampler.Run(model, options).Chains[0].Draws;
                    double wall = clock.Elapsed.TotalSeconds;
                    reference ??= draws;
                    if (baseline == 0) baseline = wall;
                    bool same = draws.Length == reference.Length && draws.AsSpan().SequenceEqual(reference);
                    Console.WriteLine($"| {name} | {t} | {wall:F1} | {baseline / wall:F2} | {(same ? "yes" : "NO")} |");
                }
            }
            Console.WriteLine($"load after: {Load()}");
        }
        return 0;
    }

    private static int[] Ints(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Evaluations per second of wall time (threads other than the caller do the work too, so CPU time would not do).</summary>
    private static double Rate(Action action, double seconds)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        long limit = (long)(seconds * Stopwatch.Frequency);
        while (clock.ElapsedTicks < limit)
        {
            action();
            calls++;
        }
        return calls / clock.Elapsed.TotalSeconds;
    }

    private static void CheckIdentical(string name, GlmmEvaluator[] evaluators, double[] position)
    {
        var first = new double[position.Length];
        double value = evaluators[0].Evaluate(position, first);
        var gradient = new double[position.Length];
        foreach (var e in evaluators.Skip(1))
        {
            double other = e.Evaluate(position, gradient);
            if (BitConverter.DoubleToInt64Bits(other) != BitConverter.DoubleToInt64Bits(value) || !gradient.AsSpan().SequenceEqual(first))
                throw new InvalidOperationException($"{name}: {e.Threads} threads give another density or gradient than 1 thread.");
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
