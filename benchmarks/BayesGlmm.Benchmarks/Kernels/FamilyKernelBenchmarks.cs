// Evaluate (log likelihood + gradient) per family × link at N = 10^3..10^6: the fused vector pass against its scalar twin.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using BenchmarkDotNet.Attributes;

namespace BayesGlmm.Benchmarks.Kernels;

/// <summary>
/// One family likelihood evaluation (value, ∂/∂eta, ∂/∂theta) over N observations, vectorised
/// (<see cref="IFamilyLikelihood.Evaluate"/>) and scalar (the kernel's scalar twin, the baseline).
/// Allocations must be zero. For a short run narrow the sizes with BAYESGLMM_KERNEL_SIZES="100000" (comma-separated)
/// and the families with BAYESGLMM_KERNEL_FAMILIES="beta;binomial(probit)" (semicolon-separated).
/// </summary>
[MemoryDiagnoser]
public class FamilyKernelBenchmarks
{
    private IFamilyLikelihood _likelihood = null!;
    private IScalarTwin _twin = null!;
    private double[] _eta = [];
    private double[] _theta = [];
    private double[] _gradientEta = [];
    private double[] _gradientTheta = [];

    [ParamsSource(nameof(Families))]
    public string Family { get; set; } = "gaussian";

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    public static IEnumerable<string> Families()
    {
        string? text = Environment.GetEnvironmentVariable("BAYESGLMM_KERNEL_FAMILIES");
        return string.IsNullOrWhiteSpace(text)
            ? AllFamilies
            : text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static readonly string[] AllFamilies =
    [
        "gaussian", "gaussian(log)", "gaussian+se", "bernoulli", "bernoulli(probit)", "bernoulli(cloglog)",
        "binomial", "binomial(probit)", "binomial(cloglog)", "poisson", "negbinomial",
        "gamma", "gamma(log)", "lognormal", "beta", "student",
    ];

    public static IEnumerable<int> Sizes()
    {
        string? text = Environment.GetEnvironmentVariable("BAYESGLMM_KERNEL_SIZES");
        return string.IsNullOrWhiteSpace(text)
            ? [1_000, 10_000, 100_000, 1_000_000]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
    }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new RandomStream(2026, 1);
        var (response, etaLow, etaHigh, theta) = KernelData.Create(Family, N, rng);
        _likelihood = FamilySpec.Parse(Family.Replace("+se", "")).Bind(response);
        _twin = (IScalarTwin)_likelihood;
        _eta = new double[N];
        for (int i = 0; i < N; i++) _eta[i] = rng.NextUniform(etaLow, etaHigh);
        _theta = theta;
        _gradientEta = new double[N];
        _gradientTheta = new double[theta.Length];
    }

    [Benchmark(Baseline = true)]
    public double Scalar() => _twin.EvaluateScalar(_eta, _theta, _gradientEta, _gradientTheta);

    [Benchmark]
    public double Vectorised() => _likelihood.Evaluate(_eta, _theta, _gradientEta, _gradientTheta);
}
