// The `kernels` suite: BenchmarkDotNet over the kernel benchmark classes, with the remaining arguments passed through.
using BenchmarkDotNet.Running;

namespace BayesGlmm.Benchmarks.Kernels;

internal static class KernelSuite
{
    /// <summary>Runs the kernel benchmarks; <paramref name="args"/> are BenchmarkDotNet's (e.g. <c>--filter *FamilyKernel* --job short</c>).</summary>
    public static int Run(string[] args)
    {
        var switcher = BenchmarkSwitcher.FromTypes([typeof(FamilyKernelBenchmarks)]);
        switcher.Run(args.Length == 0 ? ["--filter", "*"] : args);
        return 0;
    }
}
