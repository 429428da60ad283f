// Scalar priors: densities, derivatives and distribution functions against MathNet, truncation normalised, sampling moments.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;
using D = MathNet.Numerics.Distributions;

namespace BayesGlmm.Modeling.Tests.Priors;

public sealed class PriorDistributionTests
{
    public static TheoryData<string> Scalars => new()
    {
        "normal(0.5, 2)", "student_t(3, 1, 2.5)", "student_t(30, -1, 0.5)", "cauchy(-1, 2)", "exponential(1.5)", "gamma(2.5, 0.7)",
        "inv_gamma(3, 2)", "lognormal(0.3, 0.8)", "uniform(-1, 4)",
    };

    private static ScalarPrior Make(string text) => (ScalarPrior)PriorSpec.Parse("b ~ " + text).Distribution;

    private static D.IContinuousDistribution Reference(ScalarPrior p) => p switch
    {
        NormalPrior n => new D.Normal(n.Mean, n.Sd),
        StudentTPrior t => new D.StudentT(t.Location, t.Scale, t.Df),
        CauchyPrior c => new D.Cauchy(c.Location, c.Scale),
        ExponentialPrior e => new D.Exponential(e.Rate),
        GammaPrior g => new D.Gamma(g.Shape, g.Rate),
        InverseGammaPrior ig => new D.InverseGamma(ig.Shape, ig.Scale),
        LogNormalPrior l => new D.LogNormal(l.MeanLog, l.SdLog),
        UniformPrior u => new D.ContinuousUniform(u.Lower, u.Upper),
        _ => throw new NotSupportedException(),
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void DensityDerivativeAndCdfMatchReference(string text)
    {
        var prior = Make(text);
        var reference = Reference(prior);
        foreach (double x in new[] { 0.05, 0.4, 1.3, 2.7, 3.9 })
        {
            double lp = prior.LogDensity(x, out double d);
            Assert.Equal(reference.DensityLn(x), lp, 1e-10);
            Assert.Equal(reference.CumulativeDistribution(x), prior.Cdf(x), 1e-9);
            double h = 1e-5;
            double numeric = (prior.LogDensity(x + h, out _) - prior.LogDensity(x - h, out _)) / (2 * h);
            Assert.Equal(numeric, d, 1e-6 * (1 + Math.Abs(d)));
        }
    }

    /// <summary>∫_lb^∞ exp(log p) = 1 for the truncated density (substitution x = lb + t/(1−t)).</summary>
    [Theory]
    [MemberData(nameof(Scalars))]
    public void TruncatedDensitiesIntegrateToOne(string text)
    {
        var prior = Make(text);
        foreach (double lb in new[] { 0.0, 1.0 })
        {
            var bounded = new BoundedPrior(prior, lb);
            double upper = prior.SupportUpper;
            double integral = double.IsFinite(upper)
                ? Integrate.DoubleExponential(x => Math.Exp(bounded.LogDensity(x, out _)), Math.Max(lb, prior.SupportLower), upper)
                : Integrate.DoubleExponential(t =>
                {
                    double x = lb + t / (1 - t);
                    return Math.Exp(bounded.LogDensity(x, out _)) / ((1 - t) * (1 - t));
                }, 0, 1);
            Assert.Equal(1.0, integral, 1e-6);
        }
    }

    [Theory]
    [InlineData("normal(0, 1)", 0.0)]
    [InlineData("normal(0, 1)", 3.0)]
    [InlineData("normal(2, 0.5)", 1.0)]
    [InlineData("student_t(3, 0, 2)", 0.0)]
    [InlineData("gamma(2, 0.1)", 1.0)]
    [InlineData("exponential(2)", 0.0)]
    [InlineData("inv_gamma(4, 3)", 0.0)]
    [InlineData("lognormal(0, 0.5)", 0.0)]
    [InlineData("uniform(-1, 3)", 0.0)]
    public void TruncatedSamplesHaveTheTruncatedMean(string text, double lb)
    {
        var bounded = new BoundedPrior(Make(text), lb);
        // Exact mean by quadrature, standard deviation likewise; the sample mean is within 4.5 standard errors.
        double Moment(int power) => Integrate.DoubleExponential(t =>
        {
            double x = lb + t / (1 - t);
            return Math.Pow(x, power) * Math.Exp(bounded.LogDensity(x, out _)) / ((1 - t) * (1 - t));
        }, 0, 1);
        double mean = Moment(1), sd = Math.Sqrt(Moment(2) - mean * mean);
        var rng = new RandomStream(42, 7);
        const int n = 20000;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = bounded.Sample(rng);
            Assert.True(x >= lb);
            sum += x;
        }
        Assert.True(Math.Abs(sum / n - mean) < 4.5 * sd / Math.Sqrt(n), $"mean {sum / n}, expected {mean} ± {sd / Math.Sqrt(n)}");
    }
}
