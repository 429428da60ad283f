// The `roofline` suite: memory bandwidth (triad, read-only sum) and the GLMM gradient's throughput as a fraction of it.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BayesGlmm.Benchmarks.Bandwidth;
using BayesGlmm.Benchmarks.EndToEnd;
using BayesGlmm.Benchmarks.Gradients;
using BayesGlmm.Benchmarks.Kernels;
using BayesGlmm.Modeling;

namespace BayesGlmm.Benchmarks.Roofline;

/// <summary>
/// <c>roofline [--n 1000000] [--families "gaussian;bernoulli;poisson"] [--terms 1,3] [--repeats 15] [--bandwidth-n 33554432]
/// [--fixed-effects blocked,column] [--csv FILE]</c>:
/// measures the STREAM-style bandwidths (<see cref="StreamKernels"/>; best of the repeats, as STREAM reports), then
/// for each family × term count the time of one log density and gradient of <see cref="SyntheticGlmm"/> (median and
/// best over the repeats, after a pass over every family on a small model and a warm-up of at least one second per row,
/// so that the JIT has tiered up), the bytes allocated
/// per evaluation, the scalar reference's time where there is one (checked equal first), and the throughput as a
/// fraction of the bandwidth roofline: (bytes / single-thread read bandwidth, measured interleaved with the row) / best time, for the compulsory bytes
/// (X once) and for X read twice (<see cref="GradientTraffic"/>). One evaluation runs on one thread (each chain owns one),
/// so the single-thread read-only bandwidth is its roofline. <c>--fixed-effects column,blocked</c> measures every row
/// twice, with X b and Xᵀ ∂η column at a time (<see cref="GlmmOptions.RowBlockedFixedEffects"/> false) and row-blocked
/// (the default), interleaved in one run.
/// </summary>
internal static class RooflineSuite
{
    private sealed record Row(string Family, int Terms, int N, int Dimension, double MedianMs, double BestMs, double? ScalarMs,
        double AllocatedBytes, GradientTraffic Traffic, double ReadBandwidth)
    {
        /// <summary>(bytes / the read bandwidth measured beside this row) / best time.</summary>
        public double Fraction(long bytes) => bytes / (ReadBandwidth * 1e9) / (BestMs / 1e3);
    }

    public static int Run(string[] args)
    {
        int[] sizes = [1_000_000];
        string[] families = ["gaussian", "bernoulli", "poisson", "binomial", "negbinomial", "gamma(log)", "beta", "student"];
        int[] terms = [1, 3];
        int repeats = 15, bandwidthN = 1 << 25;
        string? csv = null;
        string[] fixedEffects = ["blocked"];
        for (int i = 0; i < args.Length; i++)
        {
            string next = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--n": sizes = Ints(next); i++; break;
                case "--families": families = next.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); i++; break;
                case "--terms": terms = Ints(next); i++; break;
                case "--repeats": repeats = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--bandwidth-n": bandwidthN = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--csv": csv = next; i++; break;
                case "--fixed-effects":
                    fixedEffects = next.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (fixedEffects.Length == 0 || fixedEffects.Any(f => f is not ("blocked" or "column")))
                    {
                        Console.Error.WriteLine($"roofline: --fixed-effects takes 'blocked', 'column' or both, comma-separated; got '{next}'.");
                        return 2;
                    }
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"roofline: unknown option '{args[i]}'. Options: --n 1000000 --families \"gaussian;poisson\" --terms 1,3 --repeats 15 --bandwidth-n 33554432 --fixed-effects blocked,column --csv FILE");
                    return 2;
            }
        }

        var readProbe = new double[bandwidthN];
        for (int i = 0; i < bandwidthN; i++) readProbe[i] = 1.0 + i % 7;
        var bandwidth = MeasureBandwidth(bandwidthN, repeats);
        // Every family's code paths once on a small model first, so that no measured row pays for the JIT's tier-up
        // (under load the background compilation of the shared evaluator can come late, and the first family would pay).
        foreach (string family in families)
            foreach (int t in terms)
                Time(CreateEvaluation(family, 1_000, t), 3, null, out _, out _);
        var rows = new List<Row>();
        foreach (int n in sizes)
            foreach (string family in families)
                foreach (int t in terms)
                    foreach (string route in fixedEffects)
                    {
                        rows.Add(MeasureGradient(family, n, t, repeats, readProbe, route == "blocked"));
                        Console.Error.WriteLine($"roofline: {rows[^1].Family}, {t} term(s), N = {n}: {rows[^1].MedianMs:F3} ms");
                    }

        string machine = Machine.Describe();
        Console.WriteLine(Markdown(bandwidth, bandwidthN, rows, machine));
        if (csv is not null)
        {
            File.WriteAllText(csv, Csv(bandwidth, rows, machine));
            Console.Error.WriteLine($"roofline: CSV written to {csv}");
        }
        return 0;
    }

    private static int[] Ints(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Best bandwidth in GB/s (10^9 bytes) over <paramref name="repeats"/> runs of each probe, after two warm-up runs.</summary>
    private static Dictionary<string, double> MeasureBandwidth(int n, int repeats)
    {
        var a = new double[n];
        var b = new double[n];
        var c = new double[n];
        for (int i = 0; i < n; i++) (a[i], b[i], c[i]) = (0.0, 1.0 + i % 7, 2.0 - i % 5);
        int workers = Environment.ProcessorCount;
        double sink = 0;
        var probes = new (string Name, long Bytes, Action Run)[]
        {
            ("triad, 1 thread", (long)StreamKernels.TriadBytesPerElement * n, () => StreamKernels.Triad(a, b, c, 3.0)),
            ($"triad, {workers} threads", (long)StreamKernels.TriadBytesPerElement * n, () => StreamKernels.ParallelTriad(a, b, c, 3.0, workers)),
            ("sum, 1 thread", (long)StreamKernels.SumBytesPerElement * n, () => sink += StreamKernels.Sum(b)),
            ($"sum, {workers} threads", (long)StreamKernels.SumBytesPerElement * n, () => sink += StreamKernels.ParallelSum(b, workers)),
        };
        var result = new Dictionary<string, double>();
        foreach (var (name, bytes, run) in probes)
        {
            // Until the JIT has tiered up the kernel, then the best of the repeats.
            var warm = Stopwatch.StartNew();
            do run(); while (warm.Elapsed.TotalSeconds < 1.0);
            double best = double.PositiveInfinity;
            for (int r = 0; r < repeats; r++)
            {
                long start = Stopwatch.GetTimestamp();
                run();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            result[name] = bytes / best / 1e9;
        }
        if (double.IsNaN(sink)) Console.Error.WriteLine("roofline: the sum probe read NaN");
        return result;
    }

    private static Func<double> CreateEvaluation(string family, int n, int terms)
    {
        var synthetic = SyntheticGlmm.Create(family, n, terms);
        var density = synthetic.Model.Create();
        var gradient = new double[density.Dimension];
        return () => density.Evaluate(synthetic.Position, gradient);
    }

    private static Row MeasureGradient(string family, int n, int terms, int repeats, double[] readProbe, bool rowBlocked = true)
    {
        var synthetic = SyntheticGlmm.Create(family, n, terms, options: new GlmmOptions { RowBlockedFixedEffects = rowBlocked });
        var density = synthetic.Model.Create();
        var position = synthetic.Position;
        var gradient = new double[density.Dimension];
        double vectorised = Time(() => density.Evaluate(position, gradient), repeats, readProbe, out double best, out double rowBandwidth);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int counted = 20;
        for (int i = 0; i < counted; i++) density.Evaluate(position, gradient);
        double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)counted;
        double? scalar = null;
        if (ScalarGlmmReference.Covers(synthetic.Model))
        {
            var reference = new ScalarGlmmReference(synthetic.Model);
            reference.Check(synthetic.Model, position);
            scalar = Time(() => reference.Evaluate(position, gradient), repeats, null, out _, out _);
        }
        return new Row(rowBlocked ? family : family + " (X column at a time)", terms, n, density.Dimension, vectorised, best, scalar, allocated, GradientTraffic.Of(synthetic.Model), rowBandwidth);
    }

    /// <summary>
    /// Median milliseconds per call over <paramref name="repeats"/> samples of at least 20 ms each, after a one-second warm-up.
    /// With <paramref name="readProbe"/>, each sample is preceded by one read-only sum over it, and
    /// <paramref name="bestReadBandwidth"/> is the best of those in GB/s: the bandwidth in the same moments as the
    /// gradient's own samples, so that the load of a shared machine weighs on both sides of the ratio alike.
    /// </summary>
    private static double Time(Func<double> evaluate, int repeats, double[]? readProbe, out double bestMs, out double bestReadBandwidth)
    {
        double sink = 0;
        var warm = Stopwatch.StartNew();
        int calls = 0;
        do
        {
            sink += evaluate();
            calls++;
        } while (warm.Elapsed.TotalSeconds < 1.0 || calls < 50);
        int batch = Math.Max(1, (int)Math.Ceiling(0.02 / (warm.Elapsed.TotalSeconds / calls)));
        var samples = new double[repeats];
        bestReadBandwidth = 0;
        for (int r = 0; r < repeats; r++)
        {
            if (readProbe is not null)
            {
                long probe = Stopwatch.GetTimestamp();
                sink += StreamKernels.Sum(readProbe);
                bestReadBandwidth = Math.Max(bestReadBandwidth, 8.0 * readProbe.Length / Stopwatch.GetElapsedTime(probe).TotalSeconds / 1e9);
            }
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) sink += evaluate();
            samples[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / batch;
        }
        if (double.IsNaN(sink)) Console.Error.WriteLine("roofline: an evaluation returned NaN");
        Array.Sort(samples);
        bestMs = samples[0];
        return samples[repeats / 2];
    }

    private static string Markdown(Dictionary<string, double> bandwidth, int bandwidthN, List<Row> rows, string machine)
    {
        var b = new StringBuilder();
        b.AppendLine("## Memory bandwidth and the gradient's roofline");
        b.AppendLine();
        b.AppendLine($"Machine: {machine}");
        b.AppendLine();
        b.AppendLine($"Bandwidth over {bandwidthN:N0} doubles per array ({8.0 * bandwidthN / (1 << 20):N0} MiB), best of the repeats, GB/s = 10^9 bytes/s (triad: 24 bytes per element, STREAM's count; sum: 8):");
        b.AppendLine();
        b.AppendLine("| probe | GB/s |");
        b.AppendLine("|---|---:|");
        foreach (var (name, gbs) in bandwidth) b.AppendLine($"| {name} | {gbs:F1} |");
        b.AppendLine();
        b.AppendLine($"Gradient = one log density and gradient of the synthetic GLMM (10 fixed effects; g1 with N/20 levels, segmented; with 3 terms also g2, g3 crossed with 100 and 1,000 levels), median and best ms per evaluation after a 1 s warm-up. " +
                     $"Roofline fraction = (bytes / the single-thread read bandwidth) / best time, best against best (as STREAM reports its bandwidth; the median shows the load of a shared machine), the bandwidth measured interleaved with the row's own samples (column 'read GB/s'); 'X once' counts the compulsory bytes, 'X twice' adds a second read of X; " +
                     "'current passes' is the estimated traffic of the evaluator's pass structure. Scalar = the plain row-by-row reference (checked equal to the library's value and gradient, 1e-9 relative).");
        b.AppendLine();
        b.AppendLine("| family | terms | N | dimension | median ms | best ms | scalar ms | scalar ÷ vectorised | allocated B/eval | X-once MB | X-twice MB | current passes MB | effective GB/s (X once, best) | read GB/s | roofline fraction, X once | roofline fraction, X twice |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            double fOnce = r.Fraction(r.Traffic.Compulsory);
            double fTwice = r.Fraction(r.Traffic.XTwice);
            string scalar = r.ScalarMs is { } s ? $"{s:F3}" : "–";
            string ratio = r.ScalarMs is { } s2 ? $"{s2 / r.MedianMs:F2}×" : "–";
            b.AppendLine($"| {r.Family} | {r.Terms} | {r.N:N0} | {r.Dimension:N0} | {r.MedianMs:F3} | {r.BestMs:F3} | {scalar} | {ratio} | {r.AllocatedBytes:F0} | " +
                         $"{r.Traffic.Compulsory / 1e6:F1} | {r.Traffic.XTwice / 1e6:F1} | {r.Traffic.CurrentPasses / 1e6:F1} | {r.Traffic.Compulsory / (r.BestMs / 1e3) / 1e9:F2} | {r.ReadBandwidth:F1} | {fOnce:P0} | {fTwice:P0} |");
        }
        b.AppendLine();
        foreach (var r in rows.DistinctBy(r => (r.Terms, r.Family.Contains('+'))))
            b.AppendLine($"Bytes counted ({r.Terms} term(s)): {r.Traffic.Breakdown}.");
        return b.ToString();
    }

    private static string Csv(Dictionary<string, double> bandwidth, List<Row> rows, string machine)
    {
        static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var b = new StringBuilder();
        b.AppendLine("kind,name,terms,n,dimension,median_ms,best_ms,scalar_ms,allocated_bytes,bytes_x_once,bytes_x_twice,bytes_current_passes,gbs,read_gbs,roofline_fraction_x_once,roofline_fraction_x_twice,machine");
        string m = "\"" + machine.Replace("\"", "'") + "\"";
        foreach (var (name, gbs) in bandwidth) b.AppendLine($"bandwidth,\"{name}\",,,,,,,,,,,{F(gbs)},,,,{m}");
        foreach (var r in rows)
        {
            double fOnce = r.Fraction(r.Traffic.Compulsory);
            double fTwice = r.Fraction(r.Traffic.XTwice);
            b.AppendLine($"gradient,\"{r.Family}\",{r.Terms},{r.N},{r.Dimension},{F(r.MedianMs)},{F(r.BestMs)},{(r.ScalarMs is { } s ? F(s) : "")},{F(r.AllocatedBytes)}," +
                         $"{r.Traffic.Compulsory},{r.Traffic.XTwice},{r.Traffic.CurrentPasses},{F(r.Traffic.Compulsory / (r.BestMs / 1e3) / 1e9)},{F(r.ReadBandwidth)},{F(fOnce)},{F(fTwice)},{m}");
        }
        return b.ToString();
    }
}
