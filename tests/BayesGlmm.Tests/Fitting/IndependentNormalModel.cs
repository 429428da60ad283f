// A small model with a known posterior for end-to-end tests: independent normals, reported under brms-style names.
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Fitting;

/// <summary>
/// Independent normals x_i ~ N(mean_i, sd_i^2) on the unconstrained scale, reported as they are, under names
/// that exercise the column map (<c>b_Intercept</c>, <c>b_zBase:Trt1</c>, <c>r_g[a b,Intercept]</c>, ...).
/// Optionally throws from its density after a number of evaluations, to test failure handling.
/// </summary>
internal sealed class IndependentNormalModel : IStatisticalModel
{
    private readonly double[] _means;
    private readonly double[] _sds;
    private readonly int _throwAfter;
    private int _evaluations;

    public IndependentNormalModel(IReadOnlyList<string> names, double[] means, double[] sds, int throwAfter = -1)
    {
        OutputNames = names;
        _means = means;
        _sds = sds;
        _throwAfter = throwAfter;
    }

    public static IndependentNormalModel Default(int throwAfter = -1) => new(
        ["b_Intercept", "b_zBase:Trt1", "r_g[a b,Intercept]", "r_g[c,Intercept]", "sd_g__Intercept"],
        [1.0, -2.0, 0.5, 0.0, 3.0],
        [0.5, 1.0, 2.0, 0.1, 1.5],
        throwAfter);

    public double[] Means => _means;

    public double[] Sds => _sds;

    public IReadOnlyList<string> OutputNames { get; }

    public int ObservationCount => 0;

    public int Dimension => _means.Length;

    public ILogDensity Create() => this;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        if (_throwAfter >= 0 && Interlocked.Increment(ref _evaluations) > _throwAfter)
            throw new InvalidOperationException("density failure for the test");
        double lp = 0;
        for (int i = 0; i < _means.Length; i++)
        {
            double z = (position[i] - _means[i]) / _sds[i];
            lp -= 0.5 * z * z;
            gradient[i] = -z / _sds[i];
        }
        return lp;
    }

    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position)
    {
        var g = new double[Dimension];
        return (Evaluate(position, g), 0);
    }

    public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng) => position.CopyTo(outputs);

    public double LogPrior(ReadOnlySpan<double> outputs) => 0;

    public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood) { }

    public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate) { }

    public void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        for (int i = 0; i < outputs.Length; i++) outputs[i] = rng.NextNormal(_means[i], _sds[i]);
    }

    public IStatisticalModel WithResponse(double[] response) => this;
}
