// The `kernels` suite: BenchmarkDotNet over the kernel, gradient and bandwidth benchmark classes, with the remaining arguments passed through.
using BayesGlmm.Benchmarks.Bandwidth;
using BayesGlmm.Benchmarks.Gradients;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BayesGlmm.Benchmarks.Kernels;

internal static class KernelSuite
{
    /// <summary>
    /// Runs the benchmarks; <paramref name="args"/> are BenchmarkDotNet's (e.g. <c>--filter *GlmmScalar*</c>). Without a
    /// <c>--job</c> option every benchmark runs under a short job (1 launch, 3 warmup and 5 measured iterations) in
    /// this process (BenchmarkDotNet's in-process toolchain: no generated project to build, which on a loaded 2-core
    /// machine can exceed BenchmarkDotNet's build timeout), so that the whole matrix finishes in reasonable time.
    /// </summary>
    public static int Run(string[] args)
    {
        var switcher = BenchmarkSwitcher.FromTypes(
            [typeof(FamilyKernelBenchmarks), typeof(GlmmGradientBenchmarks), typeof(GlmmScalarBenchmarks), typeof(MemoryBandwidthBenchmarks)]);
        bool jobGiven = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
        IConfig config = jobGiven
            ? DefaultConfig.Instance
            : DefaultConfig.Instance.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5)
                .WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess").AsDefault());
        switcher.Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}
