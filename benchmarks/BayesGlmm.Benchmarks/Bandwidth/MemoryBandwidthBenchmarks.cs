// BenchmarkDotNet form of the memory-bandwidth probes: triad and read-only sum, one thread and all cores.
using BenchmarkDotNet.Attributes;

namespace BayesGlmm.Benchmarks.Bandwidth;

/// <summary>
/// <see cref="StreamKernels"/> over N doubles per array; bandwidth = bytes / time with 24 bytes per element
/// for the triad and 8 for the sum. N = 10^6 (8 MB per array) may sit partly in cache; 2^25 (256 MB per array)
/// is main memory. The <c>roofline</c> suite prints the bandwidths in GB/s beside the gradient's.
/// </summary>
[MemoryDiagnoser]
public class MemoryBandwidthBenchmarks
{
    private double[] _a = [], _b = [], _c = [];

    [Params(1_000_000, 1 << 25)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new double[N];
        _b = new double[N];
        _c = new double[N];
        for (int i = 0; i < N; i++) (_b[i], _c[i]) = (1.0 + i % 7, 2.0 - i % 5);
    }

    [Benchmark]
    public void TriadOneThread() => StreamKernels.Triad(_a, _b, _c, 3.0);

    [Benchmark]
    public void TriadAllCores() => StreamKernels.ParallelTriad(_a, _b, _c, 3.0, Environment.ProcessorCount);

    [Benchmark]
    public double SumOneThread() => StreamKernels.Sum(_b);

    [Benchmark]
    public double SumAllCores() => StreamKernels.ParallelSum(_b, Environment.ProcessorCount);
}
