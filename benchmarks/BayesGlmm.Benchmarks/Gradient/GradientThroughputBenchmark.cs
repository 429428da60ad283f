// Gradient throughput: evaluations per second of a model's log density and gradient, with a breakdown of one evaluation.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.Gradient;

/// <summary>
/// <c>gradient [--models insteval,verbagg,epilepsy] [--seconds 2] [--repeats 5] [--min-segment N] [--no-sort] [--breakdown]</c>. For each model
/// file: builds the model, evaluates the log density and gradient of one chain's evaluator at a fixed random point
/// (N(0, 0.5²) per coordinate, seed 1) until the timing is past JIT tier-up, then times <c>--repeats</c> rounds of
/// <c>--seconds</c> each, interleaving the models round by round so that machine load falls on all alike, and
/// prints the median evaluations per second of CPU time (not wall time, so that other processes' time slices on a
/// shared machine do not count) and nanoseconds per observation. <c>--breakdown</c> times the parts
/// of one GLMM evaluation apart (X b, each group term's gather and scatter, the family kernel) with the model's
/// own public pieces. <c>--min-segment</c> and <c>--no-sort</c> rebuild the model with other <see cref="GlmmOptions"/>
/// (which term the observations are sorted by); <c>--effects</c> picks the route of normal effects (default: the model
/// file's). For a block that integrates normal effects out, <c>--breakdown</c> times the Gaussian marginal's parts: its
/// value alone (assembly, factorization, solve), the refactorization alone, the selected inverse, and value with gradient.
/// A gradient-only measure is steadier under load than whole fits.
/// </summary>
internal static class GradientThroughputBenchmark
{
    public static int Run(string[] args)
    {
        string[] models = ["insteval", "verbagg", "epilepsy"];
        double seconds = 2.0;
        int repeats = 5;
        bool breakdown = false;
        var options = new GlmmOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--models" when i + 1 < args.Length:
                    models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--repeats" when i + 1 < args.Length:
                    repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--min-segment" when i + 1 < args.Length:
                    options = options with { MinimumSegmentLength = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--no-sort":
                    options = options with { SortObservations = false };
                    break;
                case "--effects" when i + 1 < args.Length:
                    options = options with { Effects = Enum.Parse<EffectsRoute>(args[++i], ignoreCase: true) };
                    break;
                case "--breakdown":
                    breakdown = true;
                    break;
                default:
                    Console.Error.WriteLine($"gradient: unknown option '{args[i]}'. Options: --models a,b --seconds S --repeats R --min-segment N --no-sort --effects auto|joint|integrated --breakdown");
                    return 2;
            }
        }

        string root = EndToEnd.EndToEndBenchmark.RepositoryRootForSuites();
        var subjects = models.Select(m => Subject.Load(Path.Combine(root, "models", m + ".json"), options)).ToList();
        Console.WriteLine($"Vector<double>.Count = {Vector<double>.Count}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; " +
                          $"DOTNET_PreferredVectorBitWidth={Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth") ?? "unset"}; " +
                          $"DOTNET_TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "unset"}");
        foreach (var s in subjects) s.Warm(Math.Max(1.0, seconds));

        var rates = subjects.Select(_ => new List<double>()).ToList();
        for (int r = 0; r < repeats; r++)
            for (int m = 0; m < subjects.Count; m++)
                rates[m].Add(subjects[m].Rate(seconds));

        Console.WriteLine();
        Console.WriteLine("| model | N | d | evaluations per CPU second (median) | min – max | µs/evaluation | ns/observation |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int m = 0; m < subjects.Count; m++)
        {
            var s = subjects[m];
            double median = Median(rates[m]);
            Console.WriteLine($"| {s.Name} | {s.Observations} | {s.Density.Dimension} | {median:F0} | {rates[m].Min():F0} – {rates[m].Max():F0} | " +
                              $"{1e6 / median:F1} | {1e9 / median / s.Observations:F2} |");
        }

        if (breakdown)
            foreach (var s in subjects)
                if (s.Model is GlmmModel glmm) Breakdown.Print(s.Name, glmm, s.Position, seconds, repeats);
        return 0;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /// <summary>
    /// Runs <paramref name="action"/> for about <paramref name="seconds"/> of wall time and returns calls per second of
    /// this process's CPU time: on a machine shared with other work, time slices taken by other processes do not count
    /// (cache and memory-bandwidth contention still do).
    /// </summary>
    internal static double CallsPerSecond(Action action, double seconds)
    {
        long calls = 0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long limit = (long)(seconds * Stopwatch.Frequency);
        while (sw.ElapsedTicks < limit)
        {
            for (int i = 0; i < 16; i++) action();
            calls += 16;
        }
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        return calls / Math.Max(cpu, 1e-9);
    }

    private sealed class Subject
    {
        private readonly double[] _gradient;

        private Subject(string name, IStatisticalModel model, ILogDensity density, double[] position, int observations)
        {
            Name = name;
            Model = model;
            Density = density;
            Position = position;
            Observations = observations;
            _gradient = new double[density.Dimension];
        }

        public string Name { get; }

        public IStatisticalModel Model { get; }

        public ILogDensity Density { get; }

        public double[] Position { get; }

        public int Observations { get; }

        public static Subject Load(string file, GlmmOptions options)
        {
            var spec = ModelFile.Load(file).Model with { Effects = options.Effects };
            var prepared = ModelComposition.Prepare(spec);
            var model = prepared.Model;
            if (model is GlmmModel glmm && options != new GlmmOptions())
                model = GlmmModel.Create(glmm.Frame, glmm.Family, spec.Priors.Select(Modeling.Priors.PriorSpec.Parse).ToArray(), options);
            ILogDensity density = model is ILogDensityFactory factory ? factory.Create() : model;
            var rng = new RandomStream(1UL, 0UL, 7UL);
            var position = new double[density.Dimension];
            for (int i = 0; i < position.Length; i++) position[i] = 0.5 * rng.NextStandardNormal();
            return new Subject(Path.GetFileNameWithoutExtension(file), model, density, position, prepared.RowsUsed);
        }

        public void Warm(double seconds) => CallsPerSecond(Evaluate, seconds);

        public double Rate(double seconds) => CallsPerSecond(Evaluate, seconds);

        private void Evaluate()
        {
            double lp = Density.Evaluate(Position, _gradient);
            if (double.IsNaN(lp)) throw new InvalidOperationException($"{Name}: NaN log density at the benchmark point.");
        }
    }

    /// <summary>The parts of one GLMM evaluation, each timed alone over the model's own structure.</summary>
    private static class Breakdown
    {
        public static void Print(string name, GlmmModel model, double[] position, double seconds, int repeats)
        {
            var s = model.Structure;
            int n = s.ObservationCount;
            var eta = new double[n];
            var gEta = new double[n];
            var theta = new double[s.FamilyParameters.Count];
            for (int i = 0; i < theta.Length; i++) theta[i] = s.FamilyParameters[i].LowerBound + 1.0;
            var gTheta = new double[theta.Length];
            var parts = new List<(string Part, Action Run)>
            {
                ("X b (forward)", () =>
                {
                    eta.AsSpan().Clear();
                    for (int j = 0; j < s.FixedCount; j++)
                    {
                        if (s.ColumnIsOnes[j]) TensorPrimitives.Add(eta, 0.1, eta);
                        else TensorPrimitives.MultiplyAdd(s.X.Column(j), 0.1, eta, eta);
                    }
                }),
                ("Xᵀ ∂eta (backward)", () =>
                {
                    double sink = 0;
                    for (int j = 0; j < s.FixedCount; j++)
                        sink += s.ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gEta) : TensorPrimitives.Dot(s.X.Column(j), gEta);
                    if (double.IsNaN(sink)) throw new InvalidOperationException();
                }),
                ("family kernel", () => s.Likelihood.Evaluate(eta, theta, gEta, gTheta)),
            };
            foreach (var block in s.Blocks.OfType<NormalEffects>())
            {
                var matrix = block.Matrix;
                var r = new double[block.CoefficientCount * block.LevelCount];
                var gr = new double[r.Length];
                for (int i = 0; i < r.Length; i++) r[i] = position[block.ZOffset + i];
                string label = $"{block.Term.Group} ({block.LevelCount} levels, K={block.CoefficientCount}, {(matrix.UsesRuns ? $"{matrix.RunCount} runs" : "gather")})";
                parts.Add(($"{label} gather", () => matrix.AddTo(eta, r)));
                parts.Add(($"{label} scatter", () => matrix.Gradient(gEta, gr)));
            }
            foreach (var block in s.Blocks.OfType<IntegratedNormalEffects>()) AddIntegratedParts(parts, block, n);
            var evaluator = model.Create();
            var gradient = new double[evaluator.Dimension];
            parts.Add(("whole evaluation", () => evaluator.Evaluate(position, gradient)));

            foreach (var (_, run) in parts) CallsPerSecond(run, 0.3);
            var rates = parts.Select(_ => new List<double>()).ToList();
            for (int r = 0; r < repeats; r++)
                for (int i = 0; i < parts.Count; i++)
                    rates[i].Add(CallsPerSecond(parts[i].Run, seconds / parts.Count));

            Console.WriteLine();
            Console.WriteLine($"{name}: parts of one evaluation (median over {repeats} rounds; N = {n})");
            Console.WriteLine("| part | µs | ns/observation |");
            Console.WriteLine("|---|---:|---:|");
            for (int i = 0; i < parts.Count; i++)
            {
                double us = 1e6 / Median(rates[i]);
                Console.WriteLine($"| {parts[i].Part} | {us:F1} | {us * 1e3 / n:F2} |");
            }
        }

        /// <summary>The Gaussian marginal's parts at a fixed point (every sd 0.5 on the diagonal of the factors, σ = 1, η = 0).</summary>
        private static void AddIntegratedParts(List<(string Part, Action Run)> parts, IntegratedNormalEffects block, int n)
        {
            var design = block.Design;
            var layout = design.Layout;
            var marginal = new GaussianMarginal(design);
            var factors = new double[layout.FactorLength];
            for (int t = 0; t < layout.Terms.Count; t++)
                for (int c = 0; c < layout.Coefficients[t]; c++) factors[layout.FactorOffset[t] + c * layout.Coefficients[t] + c] = 0.5;
            var eta = new double[n];
            var gEta = new double[n];
            var gFactors = new double[layout.FactorLength];
            var beta = new double[design.FixedCount];
            var gBeta = new double[design.FixedCount];
            var factor = marginal.Factor;
            var pattern = factor.Pattern;
            var values = new double[pattern.EntryCount];
            for (int j = 0; j < pattern.Size; j++)
                for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++) values[e] = e == pattern.ColumnStart[j] ? pattern.Size : 0.01;
            var inverse = new double[pattern.EntryCount];
            string label = $"integrated q={pattern.Size}, {factor.GetType().Name}, nnz(L)={factor.FactorEntryCount} of {(long)pattern.Size * (pattern.Size + 1) / 2}";
            parts.Add(($"{label}: value at predictor", () => marginal.EvaluateAtPredictor(eta, factors, 0.0, [], [], out _)));
            parts.Add(($"{label}: value and gradient at predictor", () => marginal.EvaluateAtPredictor(eta, factors, 0.0, gEta, gFactors, out _)));
            parts.Add(($"{label}: value at coefficients", () => marginal.Evaluate(beta, factors, 0.0, [], [], out _)));
            parts.Add(($"{label}: value and gradient at coefficients", () => marginal.Evaluate(beta, factors, 0.0, gBeta, gFactors, out _)));
            parts.Add(($"{label}: refactorization", () => factor.TryFactor(values)));
            parts.Add(($"{label}: selected inverse", () => factor.SelectedInverse(inverse)));
        }
    }
}
