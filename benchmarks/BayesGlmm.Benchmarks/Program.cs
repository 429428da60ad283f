// Entry point of the benchmark suite: `dotnet run -c Release --project benchmarks/BayesGlmm.Benchmarks -- <suite>`.
namespace BayesGlmm.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        string suite = args.Length == 0 ? "" : args[0];
        switch (suite)
        {
            case "kernels":
                return Kernels.KernelSuite.Run(args[1..]);
            default:
                Console.Error.WriteLine("usage: BayesGlmm.Benchmarks <suite> [options]   suites: kernels (family likelihood kernels, BenchmarkDotNet options follow)");
                return 2;
        }
    }
}
