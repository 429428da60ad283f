// Entry point of the benchmark suite: `dotnet run -c Release --project benchmarks/BayesGlmm.Benchmarks -- <suite>`.
namespace BayesGlmm.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: BayesGlmm.Benchmarks <suite> [options]   (suites are added as they are built)");
        return args.Length == 0 ? 2 : 0;
    }
}
