// Entry point of the benchmark suite: `dotnet run -c Release --project benchmarks/BayesGlmm.Benchmarks -- <suite>`.
namespace BayesGlmm.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "sampler-efficiency":
                return SamplerEfficiency.SamplerEfficiencyBenchmark.Run(args[1..]);
            default:
                Console.Error.WriteLine("usage: BayesGlmm.Benchmarks <suite> [options]   suites: sampler-efficiency");
                return args.Length == 0 ? 2 : 0;
        }
    }
}
