// Parameters on an interval: the beta prior, priors truncated to (lb, ub), and the logit transform of family parameters.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;
using D = MathNet.Numerics.Distributions;

namespace BayesGlmm.Modeling.Tests.Priors;

public sealed class IntervalParameterTests
{
    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.5, 1.5)]
    [InlineData(0.7, 3.0)]
    public void BetaDensityDerivativeAndCdfMatchMathNet(double a, double b)
    {
        var prior = (BetaPrior)PriorSpec.Parse($"zi ~ beta({a}, {b})").Distribution;
        var reference = new D.Beta(a, b);
        foreach (double x in new[] { 0.01, 0.2, 0.5, 0.77, 0.99 })
        {
            double lp = prior.LogDensity(x, out double d);
            Assert.Equal(reference.DensityLn(x), lp, 1e-10);
            Assert.Equal(reference.CumulativeDistribution(x), prior.Cdf(x), 1e-10);
            double h = 1e-6;
            double numeric = (prior.LogDensity(x + h, out _) - prior.LogDensity(x - h, out _)) / (2 * h);
            Assert.Equal(numeric, d, 1e-5 * (1 + Math.Abs(d)));
        }
        Assert.Equal(double.NegativeInfinity, prior.LogDensity(1.5, out _));
        Assert.Equal(double.NegativeInfinity, prior.LogDensity(-0.1, out _));
    }

    [Theory]
    [InlineData("normal(0.3, 0.4)")]
    [InlineData("normal(3, 1)")]
    [InlineData("student_t(3, 0, 2.5)")]
    [InlineData("beta(2, 5)")]
    [InlineData("exponential(2)")]
    public void PriorsTruncatedToTheUnitIntervalIntegrateToOneAndSampleInside(string text)
    {
        var prior = (ScalarPrior)PriorSpec.Parse("hu ~ " + text).Distribution;
        var bounded = new BoundedPrior(prior, 0.0, 1.0);
        double Moment(int power) => Integrate.DoubleExponential(x => Math.Pow(x, power) * Math.Exp(bounded.LogDensity(x, out _)), 0, 1);
        Assert.Equal(1.0, Moment(0), 1e-7);
        double mean = Moment(1), sd = Math.Sqrt(Moment(2) - mean * mean);
        var rng = new RandomStream(43, 1);
        const int n = 20000;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = bounded.Sample(rng);
            Assert.True(x > 0 && x < 1, $"{text}: draw {x}");
            sum += x;
        }
        Assert.True(Math.Abs(sum / n - mean) < 4.5 * sd / Math.Sqrt(n), $"{text}: mean {sum / n}, expected {mean} ± {sd / Math.Sqrt(n)}");
        Assert.Equal(double.NegativeInfinity, bounded.LogDensity(1.2, out _));
    }

    [Fact]
    public void APriorWithNoMassInsideTheIntervalIsRefused()
    {
        var prior = (ScalarPrior)PriorSpec.Parse("zi ~ uniform(2, 3)").Distribution;
        var e = Assert.Throws<ArgumentException>(() => new BoundedPrior(prior, 0.0, 1.0));
        Assert.Contains("between 0 and 1", e.Message);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-2.0, 3.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void ConstrainUnconstrainAndTheChainRuleAgree(double lower, double upper)
    {
        var parameter = new FamilyParameter("p", lower, upper);
        foreach (double u in new[] { -6.0, -1.3, 0.0, 0.4, 2.2, 7.0 })
        {
            double theta = parameter.Constrain(u, out double logJacobian);
            Assert.True(theta > lower && theta < upper);
            Assert.Equal(u, parameter.Unconstrain(theta), 1e-9 * Math.Max(1, Math.Abs(u)));
            // log |dθ/du| against a finite difference, and the chain rule for f(θ) = sin θ plus the log Jacobian.
            double h = 1e-6;
            double up = parameter.Constrain(u + h, out double jUp), down = parameter.Constrain(u - h, out double jDown);
            Assert.Equal(Math.Log((up - down) / (2 * h)), logJacobian, 1e-6);
            double numeric = (Math.Sin(up) + jUp - Math.Sin(down) - jDown) / (2 * h);
            Assert.Equal(numeric, parameter.ChainGradient(theta, Math.Cos(theta)), 1e-6 * (1 + Math.Abs(numeric)));
        }
        Assert.True(double.IsNaN(parameter.Unconstrain(lower)));
        Assert.True(double.IsNaN(parameter.Unconstrain(double.NaN)));
        if (double.IsFinite(upper)) Assert.True(double.IsNaN(parameter.Unconstrain(upper + 1)));
    }
}
