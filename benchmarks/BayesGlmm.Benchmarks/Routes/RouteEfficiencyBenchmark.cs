// Measures each route of normal group-level effects (joint, integrated, quadrature) on the same models side by side: ESS per second and per gradient.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.Routes;

/// <summary>
/// <c>routes [--models sleepstudy,radon,pilots,eight_schools,pastes,insteval,cbpp] [--seeds 1] [--chains 4] [--warmup N] [--draws N]</c>:
/// every model at its file's settings on every route it can take (joint; integrated for gaussian identity models; quadrature
/// for one grouping factor of one coefficient), one after another in one process, and prints per fit the wall time of
/// sampling plus writing the reported draws (the effects drawn from their conditional on the integrated routes), the
/// gradients, the minimum bulk ESS over b, sd, cor, sigma and every r_, ESS per second and per gradient, the maximum R-hat
/// and the divergences. <c>pastes</c> is models/pastes.csv with <c>strength ~ 1 + (1 | batch/cask)</c> and brms's default priors.
/// </summary>
internal static class RouteEfficiencyBenchmark
{
    public static int Run(string[] args)
    {
        string[] models = ["sleepstudy", "radon", "pilots", "eight_schools", "pastes", "cbpp", "insteval"];
        ulong[] seeds = [1];
        int? chains = null, warmup = null, draws = null;
        for (int i = 0; i < args.Length; i++)
        {
            string next = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--models": models = next.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); i++; break;
                case "--seeds": seeds = next.Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray(); i++; break;
                case "--chains": chains = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--warmup": warmup = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--draws": draws = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                default:
                    Console.Error.WriteLine($"routes: unknown option '{args[i]}'. Options: --models a,b --seeds 1,2 --chains N --warmup N --draws N");
                    return 2;
            }
        }
        string root = EndToEnd.EndToEndBenchmark.RepositoryRootForSuites();
        Console.WriteLine($"uptime: {Uptime()}");
        Console.WriteLine("| model | route | seed | seconds | gradients | min bulk ESS | ESS/s | ESS/gradient | max R-hat | divergences |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string name in models)
        {
            var (spec, settings) = Load(root, name);
            var options = settings with
            {
                Chains = chains ?? settings.Chains,
                Warmup = warmup ?? settings.Warmup,
                Draws = draws ?? settings.Draws,
            };
            foreach (var route in new[] { EffectsRoute.Joint, EffectsRoute.Integrated, EffectsRoute.Quadrature })
            {
                GlmmModel model;
                try { model = (GlmmModel)ModelComposition.Prepare(spec with { Effects = route }).Model; }
                catch (InputException) { continue; } // the route cannot take this model
                foreach (ulong seed in seeds)
                {
                    var m = Measure(model, options with { Seed = seed });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {EffectsRoutes.Name(route)} | {seed} | {m.Seconds:F2} | {m.Gradients} | {m.Ess:F0} | {m.Ess / m.Seconds:F1} | {m.Ess / m.Gradients:F4} | {m.Rhat:F4} | {m.Divergences} |"));
                }
            }
        }
        Console.WriteLine($"uptime: {Uptime()}");
        return 0;
    }

    private static (ModelSpec, SamplerOptions) Load(string root, string name)
    {
        if (name == "pastes")
            return (new ModelSpec("pastes", Path.Combine(root, "models", "pastes.csv"), "strength ~ 1 + (1 | batch/cask)", "gaussian", [], []), new SamplerOptions());
        var file = ModelFile.Load(Path.Combine(root, "models", name + ".json"));
        return (file.Model, file.Settings);
    }

    private sealed record Measurement(double Seconds, long Gradients, double Ess, double Rhat, int Divergences);

    private static Measurement Measure(GlmmModel model, SamplerOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = NutsSampler.Run(model, options);
        var q = GlmmEfficiency.GlmmEfficiencyBenchmark.ReportedDraws(model, result, options.Seed);
        double seconds = clock.Elapsed.TotalSeconds;
        long gradients = result.Chains.Sum(c => c.WarmupLeapfrogSteps + c.SamplingLeapfrogSteps);
        return new Measurement(seconds, gradients, q.Min(Ess.Bulk), q.Max(Rhat.Rank), result.Chains.Sum(c => c.Statistics.Count(x => x.Divergent)));
    }

    private static string Uptime() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
