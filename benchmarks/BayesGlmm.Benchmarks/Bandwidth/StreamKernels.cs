// STREAM-style memory kernels (McCalpin 1995): the triad a = b + s c and a read-only sum, on one thread or all cores.
using System.Numerics;
using System.Runtime.InteropServices;

namespace BayesGlmm.Benchmarks.Bandwidth;

/// <summary>
/// The memory-bandwidth probes of the roofline (McCalpin, "Memory bandwidth and machine balance in current high
/// performance computers", IEEE TCCA Newsletter, 1995): the triad a_i = b_i + s c_i moves 24 bytes per element
/// (STREAM's count: two reads and one write, no write-allocate traffic counted), the sum Σ a_i reads 8. The
/// parallel versions split the arrays into one contiguous chunk per worker.
/// </summary>
internal static class StreamKernels
{
    /// <summary>Bytes STREAM counts per element of the triad.</summary>
    public const int TriadBytesPerElement = 24;

    /// <summary>Bytes per element of the read-only sum.</summary>
    public const int SumBytesPerElement = 8;

    /// <summary>a = b + scalar c over the whole arrays, on this thread.</summary>
    public static void Triad(double[] a, double[] b, double[] c, double scalar) => Triad(a, b, c, scalar, 0, a.Length);

    /// <summary>Σ a over the whole array, on this thread.</summary>
    public static double Sum(double[] a) => Sum(a, 0, a.Length);

    /// <summary>The triad split over <paramref name="workers"/> threads.</summary>
    public static void ParallelTriad(double[] a, double[] b, double[] c, double scalar, int workers) =>
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var (start, length) = Chunk(a.Length, workers, w);
            Triad(a, b, c, scalar, start, length);
        });

    /// <summary>The sum split over <paramref name="workers"/> threads (partial sums added at the end).</summary>
    public static double ParallelSum(double[] a, int workers)
    {
        var partial = new double[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var (start, length) = Chunk(a.Length, workers, w);
            partial[w] = Sum(a, start, length);
        });
        return partial.Sum();
    }

    private static (int Start, int Length) Chunk(int n, int workers, int w)
    {
        int start = (int)((long)n * w / workers), end = (int)((long)n * (w + 1) / workers);
        return (start, end - start);
    }

    private static void Triad(double[] a, double[] b, double[] c, double scalar, int start, int length)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(start, length));
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan(start, length));
        var vc = MemoryMarshal.Cast<double, Vector<double>>(c.AsSpan(start, length));
        var s = new Vector<double>(scalar);
        for (int i = 0; i < va.Length; i++) va[i] = vb[i] + s * vc[i];
        for (int i = start + va.Length * Vector<double>.Count; i < start + length; i++) a[i] = b[i] + scalar * c[i];
    }

    private static double Sum(double[] a, int start, int length)
    {
        var v = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(start, length));
        Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 4 <= v.Length; i += 4)
        {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < v.Length; i++) s0 += v[i];
        double total = Vector.Sum(s0 + s1 + s2 + s3);
        for (int k = start + v.Length * Vector<double>.Count; k < start + length; k++) total += a[k];
        return total;
    }
}
