// One full GLMM log density and gradient per family × link at N = 10^3..10^6, with 1 and 3 group terms.
using BayesGlmm.Benchmarks.Kernels;
using BayesGlmm.Sampling;
using BenchmarkDotNet.Attributes;

namespace BayesGlmm.Benchmarks.Gradients;

/// <summary>
/// <see cref="ILogDensity.Evaluate"/> of a <see cref="Modeling.GlmmModel"/>'s evaluator (X b, the group-level
/// gathers, the family kernel, Xᵀ ∂eta, the scatters, priors and Jacobians) on <see cref="SyntheticGlmm"/>.
/// Allocations must be zero. Narrow the matrix with BAYESGLMM_KERNEL_FAMILIES (semicolon-separated),
/// BAYESGLMM_KERNEL_SIZES (comma-separated) and BAYESGLMM_GLMM_TERMS ("1", "3" or "1,3").
/// </summary>
[MemoryDiagnoser]
public class GlmmGradientBenchmarks
{
    private ILogDensity _density = null!;
    private double[] _position = [];
    private double[] _gradient = [];

    [ParamsSource(nameof(Families))]
    public string Family { get; set; } = "gaussian";

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [ParamsSource(nameof(TermCounts))]
    public int Terms { get; set; }

    public static IEnumerable<string> Families() => FamilyKernelBenchmarks.Families();

    public static IEnumerable<int> Sizes() => FamilyKernelBenchmarks.Sizes();

    public static IEnumerable<int> TermCounts() => GradientBenchmarkSettings.TermCounts();

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = SyntheticGlmm.Create(Family, N, Terms);
        _density = synthetic.Model.Create();
        _position = synthetic.Position;
        _gradient = new double[_density.Dimension];
    }

    [Benchmark]
    public double Vectorised() => _density.Evaluate(_position, _gradient);
}
