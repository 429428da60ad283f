// A conjugate normal regression with known noise, written as an IStatisticalModel: exact, cheap SBC subject.
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Tests.Calibration;

/// <summary>
/// y_i ~ N(b0 + b1 x_i, 1), b0 ~ N(0, s0), b1 ~ N(0, s1). The posterior is normal, the density is
/// thread-safe (no scratch), and the prior scales can be widened to build a generator that should fail SBC.
/// </summary>
internal sealed class ConjugateNormalModel : IStatisticalModel
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _s0, _s1;

    public ConjugateNormalModel(double[] x, double[] y, double s0 = 2.0, double s1 = 1.0)
    {
        _x = x;
        _y = y;
        _s0 = s0;
        _s1 = s1;
    }

    public static ConjugateNormalModel Create(int observations, double s0 = 2.0, double s1 = 1.0)
    {
        var x = Enumerable.Range(0, observations).Select(i => -1.0 + 2.0 * i / Math.Max(1, observations - 1)).ToArray();
        return new ConjugateNormalModel(x, new double[observations], s0, s1);
    }

    public ConjugateNormalModel WithPriorScales(double s0, double s1) => new(_x, _y, s0, s1);

    /// <summary>A model whose density is nowhere finite, so that every fit fails to start.</summary>
    public bool Broken { get; init; }

    public int Dimension => 2;

    public IReadOnlyList<string> OutputNames { get; } = ["b_Intercept", "b_x", "r_g[1,Intercept]"];

    public int ObservationCount => _x.Length;

    public ILogDensity Create() => this;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        double b0 = position[0], b1 = position[1];
        double lp = -0.5 * (b0 * b0 / (_s0 * _s0) + b1 * b1 / (_s1 * _s1));
        double g0 = -b0 / (_s0 * _s0), g1 = -b1 / (_s1 * _s1);
        for (int i = 0; i < _x.Length; i++)
        {
            double r = _y[i] - b0 - b1 * _x[i];
            lp -= 0.5 * r * r;
            g0 += r;
            g1 += r * _x[i];
        }
        gradient[0] = g0;
        gradient[1] = g1;
        return Broken ? double.NaN : lp;
    }

    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position)
    {
        Span<double> outputs = stackalloc double[3];
        outputs[0] = position[0];
        outputs[1] = position[1];
        Span<double> ll = new double[_x.Length];
        PointwiseLogLikelihood(outputs, ll);
        double sum = 0;
        foreach (double v in ll) sum += v;
        return (LogPrior(outputs), sum);
    }

    public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng)
    {
        outputs[0] = position[0];
        outputs[1] = position[1];
        outputs[2] = 0.0;
    }

    public double LogPrior(ReadOnlySpan<double> outputs) =>
        -0.5 * (outputs[0] * outputs[0] / (_s0 * _s0) + outputs[1] * outputs[1] / (_s1 * _s1))
        - Math.Log(_s0) - Math.Log(_s1) - Math.Log(2 * Math.PI);

    public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
    {
        for (int i = 0; i < _x.Length; i++)
        {
            double r = _y[i] - outputs[0] - outputs[1] * _x[i];
            logLikelihood[i] = -0.5 * r * r - 0.5 * Math.Log(2 * Math.PI);
        }
    }

    public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate)
    {
        for (int i = 0; i < _x.Length; i++) replicate[i] = outputs[0] + outputs[1] * _x[i] + rng.NextStandardNormal();
    }

    public void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        outputs[0] = rng.NextNormal(0, _s0);
        outputs[1] = rng.NextNormal(0, _s1);
        outputs[2] = 0.0;
    }

    public IStatisticalModel WithResponse(double[] response) => new ConjugateNormalModel(_x, response, _s0, _s1) { Broken = Broken };
}
