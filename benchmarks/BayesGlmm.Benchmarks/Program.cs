// Entry point of the benchmark suite: `dotnet run -c Release --project benchmarks/BayesGlmm.Benchmarks -- <suite>`.
namespace BayesGlmm.Benchmarks;

internal static class Program
{
    private const string Usage = """
        usage: BayesGlmm.Benchmarks <suite> [options]
          sampler-efficiency   min bulk ESS per gradient on Stan's reference targets, beside Stan's figures
          glmm-efficiency      --catalogue: every model file under sampler configurations [--models all|a,b] [--configs stan,fisher] [--seeds 1,2,3,4,5]
                               [--csv FILE] [--warmup N]; without --catalogue: eight schools, GLMM density beside a hand-coded
                               brms/Stan density, gradients and ESS [--seeds 1,2,3] [--models radon,...]
          kernels              BenchmarkDotNet: family kernels, full GLMM gradients (vectorised and scalar), memory bandwidth
                               (BenchmarkDotNet options follow, e.g. --filter *GlmmGradient*; a short job unless --job is given)
          roofline             memory bandwidth (triad, read-only sum) and the GLMM gradient as a fraction of the bandwidth roofline
                               [--n 1000000] [--families "gaussian;poisson"] [--terms 1,3] [--repeats 15] [--csv FILE]
          fixed-effects        the Gaussian data pass at N = 10^6, X b and Xᵀ ∂eta column at a time against row-blocked, on the
                               bandwidth roofline [--n 1000000] [--columns 10] [--repeats 15]
          end-to-end           every model in models/ at its settings: time, gradients, ESS/s, ESS/gradient, beside brms/Stan
                               [--models radon,cbpp] [--chains 4] [--warmup N] [--draws N] [--csv FILE] [--models-dir DIR]
          jit-probe            one fresh process's JIT cost: gradients MODEL.json | fit MODEL.json [--warmup-evaluations K] (benchmarks/jit/jit-study.sh)
          gradient             log-density-and-gradient evaluations per second [--models insteval,verbagg,epilepsy] [--seconds 2]
                               [--repeats 5] [--min-segment N] [--no-sort] [--breakdown]
          within-chain         one chain's gradient on 1, 2, ... threads, side by side (within-chain parallelism)
                               [--models insteval] [--simulated 1000000] [--threads 1,2] [--seconds 2] [--repeats 5] [--fit K]
          routes               each route of normal effects (joint, integrated, quadrature) side by side: ESS/s, ESS/gradient
                               [--models sleepstudy,pastes,insteval] [--seeds 1] [--chains 4] [--warmup N] [--draws N]
          sbc                  SBC fits per minute, several fits at once against one at a time [--model FILE] [--sims 100]
          summary              CPU time of the posterior summary of thousands of variables [--variables 4127] [--draws 250,1000,4000]
        """;

    private static int Main(string[] args)
    {
        string suite = args.Length == 0 ? "" : args[0];
        switch (suite)
        {
            case "sampler-efficiency":
                return SamplerEfficiency.SamplerEfficiencyBenchmark.Run(args[1..]);
            case "end-to-end":
                return EndToEnd.EndToEndBenchmark.Run(args[1..]);
            case "gradient":
                return Gradient.GradientThroughputBenchmark.Run(args[1..]);
            case "within-chain":
                return Gradient.WithinChainBenchmark.Run(args[1..]);
            case "routes":
                return Routes.RouteEfficiencyBenchmark.Run(args[1..]);
            case "sbc":
                return Calibration.SbcThroughputBenchmark.Run(args[1..]);
            case "glmm-efficiency":
                return GlmmEfficiency.GlmmEfficiencyBenchmark.Run(args[1..]);
            case "jit-probe":
                return Jit.JitProbe.Run(args[1..]);
            case "roofline":
                return Roofline.RooflineSuite.Run(args[1..]);
            case "fixed-effects":
                return Roofline.FixedEffectsPass.Run(args[1..]);
            case "summary":
                return Summaries.SummaryThroughputBenchmark.Run(args[1..]);
            case "kernels":
                return Kernels.KernelSuite.Run(args[1..]);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
