// The `fixed-effects` suite: the data pass of a Gaussian gradient, column at a time against row-blocked, on the roofline.
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using BayesGlmm.Benchmarks.Bandwidth;
using BayesGlmm.Benchmarks.EndToEnd;
using BayesGlmm.Numerics.Kernels;

namespace BayesGlmm.Benchmarks.Roofline;

/// <summary>
/// <c>fixed-effects [--n 1000000] [--columns 10] [--repeats 15]</c>: the part of one GLMM gradient that streams the data
/// — η = X b chunk by chunk, the Gaussian residual ∂η = (y − η)/σ² and its log density, and ∂b = Xᵀ ∂η — for an
/// intercept and <c>columns − 1</c> non-constant columns, in chunks of 512 observations as the evaluator visits them,
/// timed two ways on the same data: column at a time (one <see cref="TensorPrimitives"/> multiply-add and one dot
/// product per column and chunk, as the model does with <c>GlmmOptions.RowBlockedFixedEffects</c> off) and with <see cref="RowBlockedProduct"/> (all
/// columns in one sweep per chunk). Both are checked equal to rounding first. Prints the best time of each and its
/// fraction of the single-thread read-bandwidth roofline for the compulsory bytes (X's non-constant columns and y, read
/// once), with the bandwidth measured beside each sample as the roofline suite does.
/// </summary>
internal static class FixedEffectsPass
{
    private const int Chunk = 512;

    public static int Run(string[] args)
    {
        int n = 1_000_000, p = 10, repeats = 15;
        for (int i = 0; i < args.Length; i++)
        {
            string next = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--n": n = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--columns": p = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                case "--repeats": repeats = int.Parse(next, CultureInfo.InvariantCulture); i++; break;
                default:
                    Console.Error.WriteLine($"fixed-effects: unknown option '{args[i]}'. Options: --n 1000000 --columns 10 --repeats 15");
                    return 2;
            }
        }
        var data = new Data(n, p);
        double columnwise = data.ColumnAtATime(), blocked = data.RowBlocked();
        var gradientColumnwise = (double[])data.Gradient.Clone();
        data.RowBlocked();
        double worst = 0;
        for (int j = 0; j < p; j++) worst = Math.Max(worst, Math.Abs(gradientColumnwise[j] - data.Gradient[j]) / Math.Max(1, Math.Abs(gradientColumnwise[j])));
        if (Math.Abs(columnwise - blocked) > 1e-9 * Math.Abs(columnwise) || worst > 1e-9)
        {
            Console.Error.WriteLine($"fixed-effects: the two passes disagree (log density {columnwise:R} vs {blocked:R}, gradient {worst:E2})");
            return 1;
        }

        var probe = new double[1 << 25];
        for (int i = 0; i < probe.Length; i++) probe[i] = 1.0 + i % 7;
        long bytes = 8L * n * p; // the p − 1 non-constant columns of X and y
        var rows = new List<(string Name, double Best, double Median, double Bandwidth)>();
        foreach (var (name, pass) in new (string, Func<double>)[] { ("column at a time", data.ColumnAtATime), ("row-blocked", data.RowBlocked) })
        {
            double median = Time(pass, repeats, probe, out double best, out double bandwidth);
            rows.Add((name, best, median, bandwidth));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gaussian data pass, N = {n:N0}, {p} fixed effects (intercept + {p - 1} columns), chunks of {Chunk}; {bytes / 1e6:F0} MB compulsory per pass; {Machine.Describe()}"));
        Console.WriteLine();
        Console.WriteLine("| pass | best ms | median ms | read bandwidth beside it, GB/s | fraction of the roofline |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, best, median, bandwidth) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {best:F2} | {median:F2} | {bandwidth:F1} | {bytes / (bandwidth * 1e9) / (best / 1e3):P0} |"));
        return 0;
    }

    /// <summary>Median ms per pass over <paramref name="repeats"/> samples, each after a read-bandwidth probe; the best of both.</summary>
    private static double Time(Func<double> pass, int repeats, double[] probe, out double bestMs, out double bestBandwidth)
    {
        double sink = 0;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 1.0) sink += pass();
        var samples = new double[repeats];
        bestBandwidth = 0;
        for (int r = 0; r < repeats; r++)
        {
            long t = Stopwatch.GetTimestamp();
            sink += StreamKernels.Sum(probe);
            bestBandwidth = Math.Max(bestBandwidth, 8.0 * probe.Length / Stopwatch.GetElapsedTime(t).TotalSeconds / 1e9);
            t = Stopwatch.GetTimestamp();
            sink += pass();
            samples[r] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        if (double.IsNaN(sink)) Console.Error.WriteLine("fixed-effects: a pass returned NaN");
        Array.Sort(samples);
        bestMs = samples[0];
        return samples[repeats / 2];
    }

    /// <summary>A design with an intercept and normal columns, a response, coefficients, and the chunk scratch.</summary>
    private sealed class Data
    {
        private readonly int _n, _p;
        private readonly double[] _x, _y, _b, _eta = new double[Chunk], _g = new double[Chunk];
        private readonly int[] _columns;
        public readonly double[] Gradient;

        public Data(int n, int p)
        {
            _n = n;
            _p = p;
            _x = new double[n * p];
            _y = new double[n];
            _b = new double[p];
            Gradient = new double[p];
            var rng = new Random(1);
            for (int i = 0; i < n; i++) _x[i] = 1.0;
            for (int i = n; i < _x.Length; i++) _x[i] = rng.NextDouble() - 0.5;
            for (int j = 0; j < p; j++) _b[j] = 0.1 * (j + 1);
            for (int i = 0; i < n; i++) _y[i] = rng.NextDouble();
            _columns = Enumerable.Range(1, p - 1).ToArray();
        }

        /// <summary>Column at a time, as FixedEffects without row blocking: per chunk, one multiply-add and one dot product per column.</summary>
        public double ColumnAtATime() => Pass(blocked: false);

        /// <summary>The same pass with both products row-blocked: every column in one sweep per chunk.</summary>
        public double RowBlocked() => Pass(blocked: true);

        private double Pass(bool blocked)
        {
            Array.Clear(Gradient);
            double log = 0;
            for (int start = 0; start < _n; start += Chunk)
            {
                int length = Math.Min(Chunk, _n - start);
                var eta = _eta.AsSpan(0, length);
                var g = _g.AsSpan(0, length);
                eta.Fill(_b[0]);
                if (blocked) RowBlockedProduct.MultiplyAdd(_x, _n, _columns, _b, start, eta);
                else foreach (int j in _columns) TensorPrimitives.MultiplyAdd(_x.AsSpan(j * _n + start, length), _b[j], eta, eta);
                log += Residual(start, eta, g);
                Gradient[0] += TensorPrimitives.Sum<double>(g);
                if (blocked) RowBlockedProduct.TransposeMultiplyAdd(_x, _n, _columns, start, g, Gradient);
                else foreach (int j in _columns) Gradient[j] += TensorPrimitives.Dot(_x.AsSpan(j * _n + start, length), g);
            }
            return log;
        }

        /// <summary>g = y − η (σ = 1) and −½ Σ (y − η)², the Gaussian kernel's work on the chunk.</summary>
        private double Residual(int start, Span<double> eta, Span<double> g)
        {
            TensorPrimitives.Subtract(_y.AsSpan(start, eta.Length), eta, g);
            return -0.5 * TensorPrimitives.SumOfSquares<double>(g);
        }
    }
}
