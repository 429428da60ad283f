// Adaptive rejection sampling: exact moments of known log-concave laws within Monte Carlo error, refusal of a density that is not log-concave.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Numerics.Tests.Random;

public sealed class AdaptiveRejectionSamplerTests
{
    private readonly struct Normal(double mean, double sd) : ILogConcaveDensity
    {
        public double LogDensity(double x, out double derivative)
        {
            double z = (x - mean) / sd;
            derivative = -z / sd;
            return -0.5 * z * z + 123.0; // any constant
        }
    }

    /// <summary>log X for X ~ Gamma(shape, 1): h(x) = shape x − e^x.</summary>
    private readonly struct LogGamma(double shape) : ILogConcaveDensity
    {
        public double LogDensity(double x, out double derivative)
        {
            derivative = shape - Math.Exp(x);
            return shape * x - Math.Exp(x);
        }
    }

    /// <summary>A two-component mixture: not log-concave.</summary>
    private readonly struct Bimodal : ILogConcaveDensity
    {
        public double LogDensity(double x, out double derivative)
        {
            double a = Math.Exp(-0.5 * (x - 3) * (x - 3)), b = Math.Exp(-0.5 * (x + 3) * (x + 3));
            derivative = (-(x - 3) * a - (x + 3) * b) / (a + b);
            return Math.Log(a + b);
        }
    }

    private static (double Mean, double Variance) Moments<T>(T density, double[] start, int draws) where T : struct, ILogConcaveDensity
    {
        var sampler = new AdaptiveRejectionSampler();
        var rng = new RandomStream(17, 2);
        double sum = 0, sumSquares = 0;
        for (int m = 0; m < draws; m++)
        {
            double x = sampler.Sample(ref density, start, rng);
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / draws;
        return (mean, sumSquares / draws - mean * mean);
    }

    [Theory]
    [InlineData(0.0, 1.0, -1.0, 1.0)]
    [InlineData(5.0, 0.01, 5.1, 5.2)]     // both starting points right of the mode: the hull is widened
    [InlineData(-2.0, 30.0, -2.0, 1.0)]
    public void NormalDrawsHaveTheNormalMoments(double mean, double sd, double a, double b)
    {
        int draws = 40000;
        var (m, v) = Moments(new Normal(mean, sd), [a, b], draws);
        Assert.True(Math.Abs(m - mean) < 4.5 * sd / Math.Sqrt(draws), $"mean {m}");
        Assert.True(Math.Abs(v / (sd * sd) - 1) < 4.5 * Math.Sqrt(2.0 / draws), $"variance {v}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(4.0)]
    public void LogGammaDrawsHaveDigammaMeanAndTrigammaVariance(double shape)
    {
        int draws = 40000;
        var (m, v) = Moments(new LogGamma(shape), [-1.0, 2.0], draws);
        double mean = MathNet.Numerics.SpecialFunctions.DiGamma(shape), variance = BayesGlmm.Numerics.Special.Polygamma.Trigamma(shape);
        Assert.True(Math.Abs(m - mean) < 4.5 * Math.Sqrt(variance / draws), $"mean {m} vs {mean}");
        Assert.True(Math.Abs(v - variance) < 4.5 * variance * Math.Sqrt(2.5 / draws), $"variance {v} vs {variance}");
    }

    [Fact]
    public void ADensityThatIsNotLogConcaveIsRefused()
    {
        var sampler = new AdaptiveRejectionSampler();
        var rng = new RandomStream(1, 1);
        var density = new Bimodal();
        Assert.Throws<InvalidOperationException>(() =>
        {
            for (int m = 0; m < 2000; m++) sampler.Sample(ref density, [-4.0, 4.0], rng);
        });
    }

    [Fact]
    public void DrawingAllocatesNothing()
    {
        var sampler = new AdaptiveRejectionSampler();
        var rng = new RandomStream(3, 3);
        var density = new LogGamma(2.0);
        double[] start = [-1.0, 2.0];
        sampler.Sample(ref density, start, rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int m = 0; m < 100; m++) sampler.Sample(ref density, start, rng);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
