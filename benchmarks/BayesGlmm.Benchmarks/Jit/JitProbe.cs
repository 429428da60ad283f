// The `jit-probe` suite: what a fresh process pays for the JIT — the first gradients' times, and a short fit with or without a warm-up.
using System.Diagnostics;
using System.Globalization;
using BayesGlmm.Fitting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.Jit;

/// <summary>
/// <c>jit-probe gradients MODEL.json</c>: in this fresh process, the time of the first log density and gradient, the
/// mean time of evaluations 2–10, 11–100, 101–1,000 and 1,001–10,000, and the steady-state time after two seconds
/// of evaluations (by then every method has tiered up). <c>jit-probe fit MODEL.json [--warmup-evaluations K]</c>:
/// builds the model, optionally runs K log density and gradient evaluations first (timed apart), then samples at
/// the model file's settings and prints the sampling wall time. Each prints one CSV line on stdout (header with
/// <c>--header</c>); the JIT settings come from the environment (DOTNET_TieredCompilation and the like), so that
/// benchmarks/jit/jit-study.sh runs this in one process per setting.
/// </summary>
internal static class JitProbe
{
    public static int Run(string[] args)
    {
        if (args.Length >= 1 && args[0] == "--header")
        {
            Console.WriteLine("gradients: first_us,mean_2_10_us,mean_11_100_us,mean_101_1000_us,mean_1001_10000_us,steady_us,startup_to_first_gradient_ms");
            Console.WriteLine("fit: build_s,warmup_evaluations,warmup_evaluation_s,sampling_s,total_s,gradients");
            return 0;
        }
        if (args.Length < 2 || args[0] is not ("gradients" or "fit"))
        {
            Console.Error.WriteLine("usage: jit-probe gradients MODEL.json | jit-probe fit MODEL.json [--warmup-evaluations K] | jit-probe --header");
            return 2;
        }
        int warmupEvaluations = 0;
        for (int i = 2; i < args.Length; i++)
        {
            if (args[i] == "--warmup-evaluations" && i + 1 < args.Length) warmupEvaluations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else
            {
                Console.Error.WriteLine($"jit-probe: unknown option '{args[i]}'");
                return 2;
            }
        }
        return args[0] == "gradients" ? Gradients(args[1]) : Fit(args[1], warmupEvaluations);
    }

    private static int Gradients(string file)
    {
        var model = ModelComposition.Prepare(ModelFile.Load(file).Model).Model;
        var density = model.Create();
        var position = new double[density.Dimension];
        var gradient = new double[density.Dimension];
        for (int i = 0; i < position.Length; i++) position[i] = 0.1 * Math.Sin(i + 1.0);
        double sink = 0;
        long t0 = Stopwatch.GetTimestamp();
        sink += density.Evaluate(position, gradient);
        double first = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        double startup = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        int[] bounds = [1, 10, 100, 1_000, 10_000];
        var means = new double[bounds.Length - 1];
        for (int b = 0; b + 1 < bounds.Length; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = bounds[b]; i < bounds[b + 1]; i++) sink += density.Evaluate(position, gradient);
            means[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / (bounds[b + 1] - bounds[b]);
        }
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 2.0) sink += density.Evaluate(position, gradient);
        long s0 = Stopwatch.GetTimestamp();
        const int steadyCount = 2_000;
        for (int i = 0; i < steadyCount; i++) sink += density.Evaluate(position, gradient);
        double steady = Stopwatch.GetElapsedTime(s0).TotalMicroseconds / steadyCount;
        if (double.IsNaN(sink)) Console.Error.WriteLine("jit-probe: NaN log density");
        Console.WriteLine(string.Join(",", new[] { first }.Concat(means).Append(steady).Append(startup).Select(v => v.ToString("F2", CultureInfo.InvariantCulture))));
        return 0;
    }

    private static int Fit(string file, int warmupEvaluations)
    {
        var total = Stopwatch.StartNew();
        var modelFile = ModelFile.Load(file);
        var model = ModelComposition.Prepare(modelFile.Model).Model;
        double build = total.Elapsed.TotalSeconds;
        var sw = Stopwatch.StartNew();
        if (warmupEvaluations > 0)
        {
            var density = model.Create();
            var position = new double[density.Dimension];
            var gradient = new double[density.Dimension];
            for (int i = 0; i < warmupEvaluations; i++) density.Evaluate(position, gradient);
        }
        double warmup = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var result = NutsSampler.Run(model, modelFile.Settings);
        double sampling = sw.Elapsed.TotalSeconds;
        long gradients = result.Chains.Sum(c => c.GradientEvaluations);
        Console.WriteLine(string.Join(",", new[] { build, warmupEvaluations, warmup, sampling, total.Elapsed.TotalSeconds, gradients }
            .Select(v => v.ToString("G6", CultureInfo.InvariantCulture))));
        return 0;
    }
}
