// The catalogue side of the sampler-efficiency harness: every model file under several sampler configurations and seeds.
using System.Globalization;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Reporting;
using BayesGlmm.Sampling;
using BayesGlmm.Benchmarks.SamplerEfficiency;

namespace BayesGlmm.Benchmarks.GlmmEfficiency;

/// <summary>
/// <c>glmm-efficiency --models all|a,b [--configs stan,fisher,...] [--seeds 1,2,3,4,5] [--csv FILE]</c>: fits each model
/// file of <c>models/</c> at its own settings with each sampler configuration (<see cref="SamplerConfig"/>) and seed,
/// and reports per run and as medians over seeds: the min bulk and tail ESS over the reported quantities (lp__ and
/// lprior left out, every <c>r_</c> in), the max R-hat, divergences, and min bulk ESS per gradient counting warmup and
/// sampling (Σ n_leapfrog__), and per sampling gradient. Ratios: against the first configuration in this run (the
/// same engine with Stan's adaptation when it is <c>stan</c>), and against Stan 2.21's ESS per sampling gradient
/// (<c>stan_glmm_ess_per_grad.csv</c>, seeds 1–3, median; eight_schools and verbagg from the anchor table, one run).
/// </summary>
internal static class CatalogueEfficiency
{
    private const string StanPath = "benchmarks/BayesGlmm.Benchmarks/GlmmEfficiency/stan_glmm_ess_per_grad.csv";
    private const string AnchorPath = "benchmarks/BayesGlmm.Benchmarks/EndToEnd/brms_reference.csv";

    internal sealed record FitRun(
        string Model, string Config, ulong Seed, int Parameters, long WarmupGradients, long SamplingGradients, long AllGradients,
        double MinEssBulk, double MinEssTail, double MaxRhat, int Divergences, int TreedepthHits, double MeanStepSize, double Seconds)
    {
        /// <summary>Seconds of the marginal estimate the chains started from (<c>estimate</c> configurations; 0 otherwise).</summary>
        public double EstimateSeconds { get; init; }

        public double EssPerGradient => MinEssBulk / (WarmupGradients + SamplingGradients);

        public double EssPerSamplingGradient => MinEssBulk / SamplingGradients;
    }

    public static int Run(string[] models, SamplerConfig[] configs, ulong[] seeds, string? csvPath, int? warmupOverride)
    {
        string root = EndToEnd.EndToEndBenchmark.RepositoryRootForSuites();
        string dir = Path.Combine(root, "models");
        var files = Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal)
            .Where(f => !f.EndsWith(".prior-grid.json", StringComparison.Ordinal)).ToList();
        if (!(models.Length == 1 && models[0] == "all"))
            files = models.Select(m => Path.Combine(dir, m + ".json")).ToList();
        var stan = LoadStan(root);

        var runs = new List<FitRun>();
        foreach (string file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            ModelFile modelFile;
            PreparedModel prepared;
            try
            {
                modelFile = ModelFile.Load(file);
                prepared = ModelComposition.Prepare(modelFile.Model);
            }
            catch (InputException e)
            {
                Console.Error.WriteLine($"{name}: skipped ({e.Message})");
                continue;
            }
            foreach (SamplerConfig config in configs)
            {
                foreach (ulong seed in seeds)
                {
                    var options = config.Apply(modelFile.Settings with { Seed = seed });
                    if (warmupOverride is int w) options = options with { Warmup = w };
                    double estimateSeconds = 0;
                    if (config.Init != ChainStart.Random)
                    {
                        var estimateClock = System.Diagnostics.Stopwatch.StartNew();
                        try
                        {
                            options = options with { InitialPoints = ChainStarts.For(prepared.Model, config.Init) };
                        }
                        catch (InputException e)
                        {
                            Console.Error.WriteLine($"{name} {config.Name}: skipped ({e.Message})");
                            continue;
                        }
                        estimateSeconds = estimateClock.Elapsed.TotalSeconds;
                    }
                    var run = Measure(name, config.Name, prepared.Model, options) with { EstimateSeconds = estimateSeconds };
                    runs.Add(run);
                    Console.Error.WriteLine($"{name} {config.Name} seed {seed}: ESS {run.MinEssBulk:F0}, R-hat {run.MaxRhat:F3}, divergences {run.Divergences}, " +
                                            $"gradients {run.WarmupGradients}+{run.SamplingGradients}, {run.Seconds:F1} s");
                }
            }
        }

        Print(runs, configs, stan, seeds);
        if (csvPath is not null) File.WriteAllLines(csvPath, Csv(runs));
        return 0;
    }

    internal static FitRun Measure(string name, string config, IStatisticalModel model, SamplerOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SamplingResult result = NutsSampler.Run(model, options);
        double seconds = clock.Elapsed.TotalSeconds;
        var reported = EndToEnd.EndToEndBenchmark.Reported(model, result, options.Seed);
        var summary = PosteriorSummary.Compute(reported);
        var diagnostics = FitDiagnostics.Compute(reported, summary, options.MaxTreeDepth, options.AdaptDelta);
        return new FitRun(name, config, options.Seed, model.OutputNames.Count,
            result.Chains.Sum(c => c.WarmupLeapfrogSteps), result.Chains.Sum(c => c.SamplingLeapfrogSteps), result.Chains.Sum(c => c.GradientEvaluations),
            diagnostics.MinEssBulk, diagnostics.MinEssTail, diagnostics.MaxRhat, diagnostics.Divergences, diagnostics.MaxTreedepthHits,
            result.Chains.Average(c => c.StepSize), seconds);
    }

    private static void Print(List<FitRun> runs, SamplerConfig[] configs, Dictionary<string, (double PerSamplingGradient, int Runs)> stan, ulong[] seeds)
    {
        Console.WriteLine($"Catalogue efficiency: each model file at its own settings, seeds {string.Join(",", seeds)}; medians over seeds.");
        Console.WriteLine("ESS = min bulk ESS over the reported quantities (every r_ included, lp__ and lprior left out). Gradients = Σ n_leapfrog__");
        Console.WriteLine("(every density evaluation of the transitions); 'total' counts warmup and sampling, 'sampling' the sampling iterations only.");
        Console.WriteLine($"÷ {configs[0].Name}: ESS per total gradient against the first configuration of this run, same seeds. ÷ Stan: ESS per sampling");
        Console.WriteLine("gradient against Stan 2.21's (brms 2.18, 4 × (1000 + 1000), median of seeds 1–3; one run where marked ¹), the only count Stan's");
        Console.WriteLine("reference has for these models.");
        Console.WriteLine();
        Console.WriteLine($"| model | configuration | min bulk ESS | min tail ESS | max R-hat | divergences (all seeds) | max-depth hits | total gradients | ESS/gradient | ESS/sampling gradient | ÷ {configs[0].Name} | Stan ESS/sampling gradient | ÷ Stan |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var ratiosFirst = configs.ToDictionary(c => c.Name, _ => new List<double>());
        var ratiosStan = configs.ToDictionary(c => c.Name, _ => new List<double>());
        foreach (var group in runs.GroupBy(r => r.Model))
        {
            var first = group.Where(r => r.Config == configs[0].Name).ToList();
            double firstPerGradient = first.Count > 0 ? Median(first.Select(r => r.EssPerGradient)) : double.NaN;
            foreach (var config in configs)
            {
                var rs = group.Where(r => r.Config == config.Name).ToList();
                if (rs.Count == 0) continue;
                double perGradient = Median(rs.Select(r => r.EssPerGradient));
                double perSampling = Median(rs.Select(r => r.EssPerSamplingGradient));
                string stanText = "–", stanRatio = "–";
                if (stan.TryGetValue(group.Key, out var s))
                {
                    stanText = s.PerSamplingGradient.ToString("F4", CultureInfo.InvariantCulture) + (s.Runs == 1 ? " ¹" : "");
                    stanRatio = (perSampling / s.PerSamplingGradient).ToString("F2", CultureInfo.InvariantCulture);
                    ratiosStan[config.Name].Add(perSampling / s.PerSamplingGradient);
                }
                ratiosFirst[config.Name].Add(perGradient / firstPerGradient);
                Console.WriteLine($"| {group.Key} | {config.Name} | {Median(rs.Select(r => r.MinEssBulk)):F0} | {Median(rs.Select(r => r.MinEssTail)):F0} | {rs.Max(r => r.MaxRhat):F3} | " +
                                  $"{rs.Sum(r => r.Divergences)} | {rs.Sum(r => r.TreedepthHits)} | {Median(rs.Select(r => (double)(r.WarmupGradients + r.SamplingGradients))):F0} | {perGradient:F4} | {perSampling:F4} | " +
                                  $"{perGradient / firstPerGradient:F2} | {stanText} | {stanRatio} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"| configuration | median ÷ {configs[0].Name} (total gradients) | min | median ÷ Stan (sampling gradients) | min |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var config in configs)
        {
            var a = ratiosFirst[config.Name].Where(double.IsFinite).ToList();
            var b = ratiosStan[config.Name];
            Console.WriteLine($"| {config.Name} | {(a.Count > 0 ? Median(a) : double.NaN):F2} | {(a.Count > 0 ? a.Min() : double.NaN):F2} | {(b.Count > 0 ? Median(b) : double.NaN):F2} | {(b.Count > 0 ? b.Min() : double.NaN):F2} |");
        }
        Console.WriteLine();
        Console.WriteLine("| model | configuration | seed | min bulk ESS | max R-hat | divergences | warmup gradients | sampling gradients | all evaluations | mean step size | seconds |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
            Console.WriteLine($"| {r.Model} | {r.Config} | {r.Seed} | {r.MinEssBulk:F0} | {r.MaxRhat:F3} | {r.Divergences} | {r.WarmupGradients} | {r.SamplingGradients} | {r.AllGradients} | {r.MeanStepSize:G3} | {r.Seconds:F1} |");
    }

    private static IEnumerable<string> Csv(List<FitRun> runs)
    {
        yield return "model,config,seed,parameters,warmup_gradients,sampling_gradients,all_gradients,min_ess_bulk,min_ess_tail,max_rhat,divergences,treedepth_hits,mean_step_size,seconds,estimate_seconds";
        foreach (var r in runs)
            yield return string.Join(',', r.Model, r.Config, r.Seed, r.Parameters, r.WarmupGradients, r.SamplingGradients, r.AllGradients,
                R(r.MinEssBulk), R(r.MinEssTail), R(r.MaxRhat), r.Divergences, r.TreedepthHits, R(r.MeanStepSize), R(r.Seconds), R(r.EstimateSeconds));
    }

    /// <summary>Stan's median ESS per sampling gradient per model (seeds 1–3), with the anchor table's single runs for the rest.</summary>
    private static Dictionary<string, (double, int)> LoadStan(string root)
    {
        var result = new Dictionary<string, (double, int)>();
        foreach (var g in File.ReadAllLines(Path.Combine(root, StanPath)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
                     .GroupBy(f => f[0]))
            result[g.Key] = (Median(g.Select(f => double.Parse(f[4], CultureInfo.InvariantCulture))), g.Count());
        foreach (var f in File.ReadAllLines(Path.Combine(root, AnchorPath)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')))
            if (!result.ContainsKey(f[0])) result[f[0]] = (double.Parse(f[3], CultureInfo.InvariantCulture) / double.Parse(f[5], CultureInfo.InvariantCulture), 1);
        return result;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] v = values.OrderBy(x => x).ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
