// The vectorised GLMM gradient against a plain scalar row-by-row evaluation of the same density.
using BayesGlmm.Sampling;
using BenchmarkDotNet.Attributes;

namespace BayesGlmm.Benchmarks.Gradients;

/// <summary>
/// The library's evaluator (<see cref="Vectorised"/>) against <see cref="ScalarGlmmReference"/> (<see cref="Scalar"/>,
/// the baseline) for gaussian(identity), bernoulli(logit) and poisson(log) on <see cref="SyntheticGlmm"/>. The setup
/// checks that both give the same value and gradient (1e-9 relative) before anything is timed. Narrow with
/// BAYESGLMM_KERNEL_SIZES and BAYESGLMM_GLMM_TERMS as for <see cref="GlmmGradientBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class GlmmScalarBenchmarks
{
    private ILogDensity _density = null!;
    private ScalarGlmmReference _reference = null!;
    private double[] _position = [];
    private double[] _gradient = [];

    [Params("gaussian", "bernoulli", "poisson")]
    public string Family { get; set; } = "gaussian";

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [ParamsSource(nameof(TermCounts))]
    public int Terms { get; set; }

    public static IEnumerable<int> Sizes() => Kernels.FamilyKernelBenchmarks.Sizes();

    public static IEnumerable<int> TermCounts() => GradientBenchmarkSettings.TermCounts();

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = SyntheticGlmm.Create(Family, N, Terms);
        _density = synthetic.Model.Create();
        _reference = new ScalarGlmmReference(synthetic.Model);
        _reference.Check(synthetic.Model, synthetic.Position);
        _position = synthetic.Position;
        _gradient = new double[_density.Dimension];
    }

    [Benchmark(Baseline = true)]
    public double Scalar() => _reference.Evaluate(_position, _gradient);

    [Benchmark]
    public double Vectorised() => _density.Evaluate(_position, _gradient);
}
