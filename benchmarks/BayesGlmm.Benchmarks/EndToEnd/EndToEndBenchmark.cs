// The end-to-end harness: every model file in models/ fitted at its own settings, timed, beside brms/Stan's figures.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Reporting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.EndToEnd;

/// <summary>
/// <c>end-to-end [--models radon,cbpp] [--chains 4] [--warmup N] [--draws N] [--csv FILE] [--models-dir DIR] [--reference FILE]</c>.
/// For each model file: loads and builds the model (timed apart as "build"), then times
/// <see cref="NutsSampler.Run"/> alone (no sink, no file output: initialisation, warmup and sampling of every
/// chain, wall clock), then turns the draws into the reported quantities exactly as the fit service's chain sink
/// does (<see cref="IStatisticalModel.WriteOutputs"/> with the stream (seed, chain, 1)) and computes
/// <see cref="PosteriorSummary"/> and <see cref="FitDiagnostics"/> from them. Model files whose family or formula
/// is not supported yet (an <see cref="InputException"/>) are skipped with a note. brms's figures come from
/// <c>EndToEnd/brms_reference.csv</c> (the reference's anchor table) unless <c>--reference FILE</c> names a CSV of the
/// same columns, such as the one <c>benchmarks/brms/side-by-side.sh</c> measures in the same run.
/// </summary>
internal static class EndToEndBenchmark
{
    private const string ReferencePath = "benchmarks/BayesGlmm.Benchmarks/EndToEnd/brms_reference.csv";

    public static int Run(string[] args)
    {
        string[]? only = null;
        int? chains = null, warmup = null, draws = null;
        string csvPath = "end-to-end.csv";
        string? modelsDir = null, referenceFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--models" when i + 1 < args.Length:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--chains" when i + 1 < args.Length:
                    chains = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup" when i + 1 < args.Length:
                    warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--draws" when i + 1 < args.Length:
                    draws = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--csv" when i + 1 < args.Length:
                    csvPath = args[++i];
                    break;
                case "--models-dir" when i + 1 < args.Length:
                    modelsDir = args[++i];
                    break;
                case "--reference" when i + 1 < args.Length:
                    referenceFile = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"end-to-end: unknown option '{args[i]}'. Options: --models radon,cbpp,... --chains 4 --warmup N --draws N --csv FILE --models-dir DIR --reference FILE");
                    return 2;
            }
        }

        string root = RepositoryRoot();
        modelsDir ??= Path.Combine(root, "models");
        var reference = BrmsReference.Load(referenceFile ?? Path.Combine(root, ReferencePath));
        string referenceSource = referenceFile is null
            ? "brms/Stan anchor figures (shared/reference/README.md, \"How fast Stan is on them\": brms 2.18 / Stan 2.21, 2 cores, measured once on a shared machine in another run — indicative; benchmarks/brms/side-by-side.sh measures both in one run)."
            : $"brms/Stan figures measured in this run on this machine ({referenceFile}).";
        var files = Directory.GetFiles(modelsDir, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (only is not null)
        {
            var missing = only.Where(m => !files.Any(f => Path.GetFileNameWithoutExtension(f) == m)).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"end-to-end: no model file {string.Join(", ", missing.Select(m => m + ".json"))} in {modelsDir}.");
                return 2;
            }
            files = files.Where(f => only.Contains(Path.GetFileNameWithoutExtension(f))).ToList();
        }

        var results = new List<Measurement>();
        var notes = new List<string>();
        foreach (string file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var m = Measure(file, chains, warmup, draws);
                results.Add(m);
                Console.Error.WriteLine($"{name}: build {m.BuildSeconds:F2} s, sampling {m.SamplingSeconds:F2} s, min bulk ESS {m.MinEssBulk:F0}, max R-hat {m.MaxRhat:F3}");
            }
            catch (InputException e)
            {
                notes.Add($"{name}: skipped, the model does not build yet ({e.Message})");
                Console.Error.WriteLine($"{name}: skipped ({e.Message})");
            }
            catch (Exception e) when (e is SamplerInitializationException or LogDensityException)
            {
                notes.Add($"{name}: failed in sampling ({e.GetType().Name}: {e.Message})");
                Console.Error.WriteLine($"{name}: failed ({e.Message})");
            }
        }

        string machine = Machine.Describe();
        Console.WriteLine(Markdown(results, reference, referenceSource, machine, notes));
        File.WriteAllText(csvPath, Csv(results, reference, machine));
        Console.Error.WriteLine($"end-to-end: CSV written to {Path.GetFullPath(csvPath)}");
        return 0;
    }

    /// <summary>The measurements of one model.</summary>
    internal sealed record Measurement(
        string Model, int Chains, int Warmup, int Draws, int Parameters, double BuildSeconds, double SamplingSeconds,
        double ReportSeconds, long Gradients, long AllGradients, double MinEssBulk, double MinEssTail, int Divergences,
        double MaxRhat, long SamplingGradients = 0)
    {
        public double EssPerSecond => MinEssBulk / SamplingSeconds;
        public double EssPerGradient => MinEssBulk / Gradients;

        /// <summary>Min bulk ESS per leapfrog step of the sampling iterations only (warmup left out).</summary>
        public double EssPerSamplingGradient => MinEssBulk / SamplingGradients;

        /// <summary>Our ESS per gradient counted as <paramref name="r"/> counts its gradients (sampling only, or warmup and sampling).</summary>
        public double EssPerGradientLike(BrmsReference r) => r.SamplingOnly ? EssPerSamplingGradient : EssPerGradient;

        /// <summary>ESS per second counting the build (our counterpart of brms's compile step) as well.</summary>
        public double EssPerSecondWithBuild => MinEssBulk / (BuildSeconds + SamplingSeconds);
    }

    private static Measurement Measure(string file, int? chains, int? warmup, int? draws)
    {
        var sw = Stopwatch.StartNew();
        var modelFile = ModelFile.Load(file);
        var prepared = ModelComposition.Prepare(modelFile.Model);
        double build = sw.Elapsed.TotalSeconds;

        var settings = modelFile.Settings with
        {
            Chains = chains ?? modelFile.Settings.Chains,
            Warmup = warmup ?? modelFile.Settings.Warmup,
            Draws = draws ?? modelFile.Settings.Draws,
        };
        settings.Validate();
        var model = prepared.Model;
        var options = settings;

        sw.Restart();
        SamplingResult result = NutsSampler.Run(model, options);
        double sampling = sw.Elapsed.TotalSeconds;

        sw.Restart();
        Draws reported = Reported(model, result, settings.Seed);
        var summary = PosteriorSummary.Compute(reported);
        var diagnostics = FitDiagnostics.Compute(reported, summary, settings.MaxTreeDepth, settings.AdaptDelta);
        double report = sw.Elapsed.TotalSeconds;

        return new Measurement(
            Path.GetFileNameWithoutExtension(file), settings.Chains, settings.Warmup, settings.Draws, model.OutputNames.Count,
            build, sampling, report,
            result.Chains.Sum(c => c.WarmupLeapfrogSteps + c.SamplingLeapfrogSteps),
            result.Chains.Sum(c => c.GradientEvaluations),
            diagnostics.MinEssBulk, diagnostics.MinEssTail, diagnostics.Divergences, diagnostics.MaxRhat,
            result.Chains.Sum(c => c.SamplingLeapfrogSteps));
    }

    /// <summary>
    /// The reported quantities and sampler columns of every sampling draw, as <see cref="DrawCollector"/> keeps
    /// them: <see cref="IStatisticalModel.WriteOutputs"/> with chain c's stream <c>RandomStream(seed, c, 1)</c>.
    /// </summary>
    private static Draws Reported(IStatisticalModel model, SamplingResult result, ulong seed)
    {
        int k = model.OutputNames.Count, d = result.Dimension;
        int n = result.Chains.Min(c => c.CompletedDraws);
        var draws = new Draws(DrawCollector.VariableNames(model), result.Chains.Count, n);
        var outputs = new double[k];
        foreach (ChainResult chain in result.Chains)
        {
            int c = chain.Chain;
            var stream = new RandomStream(seed, (ulong)c, 1UL);
            for (int i = 0; i < n; i++)
            {
                model.WriteOutputs(chain.Draws.AsSpan(i * d, d), outputs, stream);
                DrawCollector.Store(draws, c, i, outputs, chain.Statistics[i]);
            }
        }
        return draws;
    }

    internal static string Markdown(IReadOnlyList<Measurement> results, IReadOnlyDictionary<string, BrmsReference> reference, string referenceSource, string machine, IReadOnlyList<string> notes)
    {
        var b = new StringBuilder();
        b.AppendLine("## End to end: BayesGlmm against brms/Stan");
        b.AppendLine();
        b.AppendLine($"Machine: {machine}");
        b.AppendLine();
        b.AppendLine("BayesGlmm: build = load the model file and data and build the model (not in the sampling time); sampling = wall time of");
        b.AppendLine("NutsSampler.Run (initialisation, warmup and sampling of all chains, in parallel; no file output); report = reported");
        b.AppendLine("quantities, summary and diagnostics. Gradients = Σ n_leapfrog__ over warmup and sampling; 'sampling' over the sampling");
        b.AppendLine("iterations only; 'all' counts every evaluation. ESS = min over the reported parameters (lp__ left out) of bulk / tail ESS");
        b.AppendLine("(posterior's definitions).");
        b.AppendLine();
        b.AppendLine("| model | chains × (warmup + draws) | params | build s | sampling s | report s | gradients | sampling gradients | all gradients | min bulk ESS | min tail ESS | ESS/s | ESS/gradient | ESS/sampling gradient | divergences | max R-hat |");
        b.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in results)
        {
            b.AppendLine($"| {m.Model} | {m.Chains} × ({m.Warmup} + {m.Draws}) | {m.Parameters} | {F(m.BuildSeconds, 2)} | {F(m.SamplingSeconds, 2)} | {F(m.ReportSeconds, 2)} | " +
                         $"{m.Gradients} | {m.SamplingGradients} | {m.AllGradients} | {F(m.MinEssBulk, 0)} | {F(m.MinEssTail, 0)} | {F(m.EssPerSecond, 1)} | {F(m.EssPerGradient, 4)} | {F(m.EssPerSamplingGradient, 4)} | {m.Divergences} | {F(m.MaxRhat, 3)} |");
        }
        b.AppendLine();
        b.AppendLine(referenceSource);
        if (results.Any(m => m.Chains != 4 || m.Warmup != 1000 || m.Draws != 1000))
            b.AppendLine("**Settings differ from brms's 4 × (1000 + 1000) on some models: their ratios compare unlike runs.**");
        b.AppendLine("Ratios: ESS/s ÷ brms ESS/s, sampling time against sampling time; 'with compile' = (our ESS / (build + sampling s)) ÷");
        b.AppendLine("(brms ESS / (compile + sampling s)); ESS/gradient ÷ Stan's, with our gradients counted as Stan's column counts them");
        b.AppendLine("('Stan counts': 'sampling' = Σ n_leapfrog__ of the sampling iterations only, as the anchor's brms_anchor.R took them from");
        b.AppendLine("nuts_params(), whose inc_warmup defaults to FALSE; 'total' = warmup and sampling). Targets (issue 8): ≥ 10×, ≥ 100×, ≥ 0.9×.");
        b.AppendLine();
        b.AppendLine("| model | brms compile s | brms sampling s | brms min bulk ESS | brms ESS/s | Stan gradients | Stan counts | Stan ESS/gradient | ESS/s ratio | ESS/s ratio with compile | ESS/gradient ratio |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var m in results)
        {
            if (!reference.TryGetValue(m.Model, out var r))
            {
                b.AppendLine($"| {m.Model} | – | – | – | – | – | – | – | – | – | – |");
                continue;
            }
            b.AppendLine($"| {m.Model} | {F(r.CompileSeconds, 0)} | {F(r.SamplingSeconds, 1)} | {F(r.MinEssBulk, 0)} | {F(r.EssPerSecond, 1)} | {F(r.Gradients, 0)} | {(r.SamplingOnly ? "sampling" : "total")} | {F(r.EssPerGradient, 4)} | " +
                         $"{F(m.EssPerSecond / r.EssPerSecond, 1)}× | {F(m.EssPerSecondWithBuild / r.EssPerSecondWithCompile, 1)}× | {F(m.EssPerGradientLike(r) / r.EssPerGradient, 2)}× |");
        }
        if (notes.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("Notes:");
            foreach (string note in notes) b.AppendLine("- " + note);
        }
        return b.ToString();
    }

    internal static string Csv(IReadOnlyList<Measurement> results, IReadOnlyDictionary<string, BrmsReference> reference, string machine)
    {
        var b = new StringBuilder();
        b.AppendLine("# " + machine.Replace('\n', ' '));
        b.AppendLine("model,chains,warmup,draws,parameters,build_s,sampling_s,report_s,gradients,sampling_gradients,all_gradients,min_ess_bulk,min_ess_tail,ess_per_s,ess_per_gradient,divergences,max_rhat," +
                     "brms_compile_s,brms_sampling_s,brms_min_ess_bulk,brms_ess_per_s,stan_gradients,stan_gradients_counted,stan_ess_per_gradient,ratio_ess_per_s,ratio_ess_per_s_with_compile,ratio_ess_per_gradient");
        foreach (var m in results)
        {
            string refs = ",,,,,,,,,";
            if (reference.TryGetValue(m.Model, out var r))
            {
                refs = string.Join(',', R(r.CompileSeconds), R(r.SamplingSeconds), R(r.MinEssBulk), R(r.EssPerSecond), R(r.Gradients), r.SamplingOnly ? "sampling" : "total", R(r.EssPerGradient),
                    R(m.EssPerSecond / r.EssPerSecond), R(m.EssPerSecondWithBuild / r.EssPerSecondWithCompile), R(m.EssPerGradientLike(r) / r.EssPerGradient));
            }
            b.AppendLine(string.Join(',', m.Model, m.Chains, m.Warmup, m.Draws, m.Parameters, R(m.BuildSeconds), R(m.SamplingSeconds), R(m.ReportSeconds),
                m.Gradients, m.SamplingGradients, m.AllGradients, R(m.MinEssBulk), R(m.MinEssTail), R(m.EssPerSecond), R(m.EssPerGradient), m.Divergences, R(m.MaxRhat)) + "," + refs);
        }
        return b.ToString();
    }

    private static string F(double x, int digits) => double.IsFinite(x) ? x.ToString("N" + digits, CultureInfo.InvariantCulture) : "–";

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The directory holding <c>models/</c> and <c>benchmarks/</c>, found by walking up from the binaries, then the working directory.</summary>
    /// <summary>The repository root, for other suites that read models/.</summary>
    internal static string RepositoryRootForSuites() => RepositoryRoot();

    private static string RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ReferencePath))) return dir.FullName;
            }
        }
        throw new FileNotFoundException($"Cannot find {ReferencePath} above {AppContext.BaseDirectory} or the working directory.");
    }
}

/// <summary>
/// One row of brms/Stan's figures (<c>EndToEnd/brms_reference.csv</c> or a <c>fit_brms.R</c> CSV). The optional column
/// <c>gradients_counted</c> says what <c>gradients</c> counts: <c>sampling</c> (Σ n_leapfrog__ of the sampling iterations
/// only, as the anchor table was measured) or <c>total</c> (warmup and sampling; the default when the column is absent).
/// </summary>
internal sealed record BrmsReference(double CompileSeconds, double SamplingSeconds, double MinEssBulk, double EssPerSecond, double Gradients, double EssPerGradient, bool SamplingOnly = false)
{
    public double EssPerSecondWithCompile => MinEssBulk / (CompileSeconds + SamplingSeconds);

    public static Dictionary<string, BrmsReference> Load(string path)
    {
        var result = new Dictionary<string, BrmsReference>();
        string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string[] header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name) is int i and >= 0 ? i : throw new FormatException($"{path}: no column {name}.");
        int model = Col("model"), compile = Col("compile_s"), sampling = Col("sampling_s"), ess = Col("min_bulk_ess"),
            perS = Col("ess_per_s"), grads = Col("gradients"), perG = Col("ess_per_gradient");
        int counted = Array.IndexOf(header, "gradients_counted");
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            // R writes NA, Inf and NaN; anything that is not a number counts as missing.
            double D(int i) => i < f.Length && double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
            bool samplingOnly = counted >= 0 && counted < f.Length && f[counted].Trim().Trim('"') switch
            {
                "sampling" => true,
                "total" or "" => false,
                var other => throw new FormatException($"{path}: gradients_counted must be 'sampling' or 'total', not '{other}'."),
            };
            result[f[model]] = new BrmsReference(D(compile), D(sampling), D(ess), D(perS), D(grads), D(perG), samplingOnly);
        }
        return result;
    }
}

/// <summary>The machine a run was measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "unset";
        return $"{cpu}; {Environment.ProcessorCount} logical cores available{LoadAverage()}; {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} " +
               $"({RuntimeInformation.ProcessArchitecture}); DOTNET_TieredCompilation={Env("DOTNET_TieredCompilation")}, " +
               $"DOTNET_PreferredVectorBitWidth={Env("DOTNET_PreferredVectorBitWidth")}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; " +
               $"measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }

    /// <summary>", load average 1/5/15 min a b c" from /proc/loadavg (a shared machine's timings are only as good as its quiet), or "".</summary>
    private static string LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return "";
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return fields.Length >= 3 ? $", load average (1/5/15 min) {fields[0]} {fields[1]} {fields[2]}" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
