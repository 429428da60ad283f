using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>
/// One family × link under test: how to draw valid data, parameters and linear predictors, and an
/// independent oracle (MathNet.Numerics distributions) for the log density and the first two moments.
/// </summary>
public sealed record FamilyCase(
    string Spec,
    Func<RandomStream, int, ResponseData> Data,
    Func<RandomStream, double[]> Theta,
    double EtaLow,
    double EtaHigh,
    Func<double, double[], double, double, double> Oracle,   // (eta, theta, y, side) -> log p; side = trials or se
    Func<double, double[], double, double> Variance)                // (eta, theta, side) -> Var[y]
{
    public override string ToString() => Spec;

    public static double Side(ResponseData r, int i) => r.Trials?[i] ?? r.KnownStandardErrors?[i] ?? 1.0;

    private static double Logistic(double x) => LogExp.Logistic(x);
    private static double Probit(double x) => StandardNormal.Cdf(x);
    private static double Cloglog(double x) => -LogExp.Expm1(-Math.Exp(x));

    private static ResponseData Values(double[] y, double[]? trials = null, double[]? se = null)
        => new() { Name = "y", Values = y, Trials = trials, KnownStandardErrors = se };

    private static double[] Fill(RandomStream rng, int n, Func<RandomStream, double> draw)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = draw(rng);
        return a;
    }

    private static ResponseData Binomial(RandomStream rng, int n, Func<double, double> inverseLink)
    {
        var trials = Fill(rng, n, r => 1 + r.Next(20));
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rng.NextBinomial(inverseLink(rng.NextUniform(-2, 2)), (int)trials[i]);
        return Values(y, trials);
    }

    private static ResponseData Bernoulli(RandomStream rng, int n) => Values(Fill(rng, n, r => r.Next(2)));

    private static ResponseData KnownSe(RandomStream rng, int n, double center)
        => Values(Fill(rng, n, r => r.NextNormal(center, 2)), se: Fill(rng, n, r => r.NextUniform(0.3, 3)));

    private static double[] Sigma(RandomStream r) => [r.NextUniform(0.3, 3)];

    // cloglog stops at eta = 1.5: beyond it MathNet's oracle loses digits in 1 − p (the kernel does not).
    private static FamilyCase BinomialCase(string spec, Func<double, double> inverseLink) => new(
        spec, (r, n) => Binomial(r, n, inverseLink), _ => [], -3, spec.Contains("cloglog") ? 1.5 : 3,
        (eta, _, y, t) => MathNet.Numerics.Distributions.Binomial.PMFLn(inverseLink(eta), (int)t, (int)y),
        (eta, _, t) => t * inverseLink(eta) * (1 - inverseLink(eta)));

    private static FamilyCase BernoulliCase(string spec, Func<double, double> inverseLink) => new(
        spec, Bernoulli, _ => [], -3, spec.Contains("cloglog") ? 1.5 : 3,
        (eta, _, y, _) => MathNet.Numerics.Distributions.Bernoulli.PMFLn(inverseLink(eta), (int)y),
        (eta, _, _) => inverseLink(eta) * (1 - inverseLink(eta)));

    /// <summary>Counts with extra zeros: zero with probability 0.4, else Poisson or gamma–Poisson with a random mean.</summary>
    private static ResponseData ExtraZeros(RandomStream rng, int n, bool overdispersed) => Values(Fill(rng, n, x =>
        x.NextDouble() < 0.4 ? 0 : x.NextPoisson((overdispersed ? x.NextGamma(2) : 1) * x.NextUniform(0.1, 10))));

    private static double NegBinomialLn(double eta, double shape, double y) => NegativeBinomial.PMFLn(shape, shape / (Math.Exp(eta) + shape), (int)y);

    /// <summary>Var y of a zero-inflated count: (1 − π)(v + μ²) − ((1 − π) μ)² with v the count's variance.</summary>
    private static double ZeroInflatedVariance(double mu, double countVariance, double pi) =>
        (1 - pi) * (countVariance + mu * mu) - (1 - pi) * (1 - pi) * mu * mu;

    /// <summary>Var y of a hurdle count: (1 − h)(v + μ²)/(1 − p₀) − ((1 − h) μ/(1 − p₀))².</summary>
    private static double HurdleVariance(double mu, double countVariance, double p0, double h) =>
        (1 - h) * (countVariance + mu * mu) / (1 - p0) - Math.Pow((1 - h) * mu / (1 - p0), 2);

    private static readonly FamilyCase[] ZeroCounts =
    [
        new("zero_inflated_poisson", (r, n) => ExtraZeros(r, n, false), r => [r.NextUniform(0.05, 0.95)], -2, 3,
            (eta, th, y, _) => y == 0
                ? Math.Log(th[0] + (1 - th[0]) * Math.Exp(-Math.Exp(eta)))
                : Math.Log(1 - th[0]) + Poisson.PMFLn(Math.Exp(eta), (int)y),
            (eta, th, _) => ZeroInflatedVariance(Math.Exp(eta), Math.Exp(eta), th[0])),
        new("zero_inflated_negbinomial", (r, n) => ExtraZeros(r, n, true), r => [r.NextUniform(0.5, 20), r.NextUniform(0.05, 0.95)], -2, 3,
            (eta, th, y, _) => y == 0
                ? Math.Log(th[1] + (1 - th[1]) * Math.Exp(NegBinomialLn(eta, th[0], 0)))
                : Math.Log(1 - th[1]) + NegBinomialLn(eta, th[0], y),
            (eta, th, _) => ZeroInflatedVariance(Math.Exp(eta), Math.Exp(eta) + Math.Exp(2 * eta) / th[0], th[1])),
        new("hurdle_poisson", (r, n) => ExtraZeros(r, n, false), r => [r.NextUniform(0.05, 0.95)], -2, 3,
            (eta, th, y, _) => y == 0
                ? Math.Log(th[0])
                : Math.Log(1 - th[0]) + Poisson.PMFLn(Math.Exp(eta), (int)y) - Math.Log(1 - Math.Exp(-Math.Exp(eta))),
            (eta, th, _) => HurdleVariance(Math.Exp(eta), Math.Exp(eta), Math.Exp(-Math.Exp(eta)), th[0])),
        new("hurdle_negbinomial", (r, n) => ExtraZeros(r, n, true), r => [r.NextUniform(0.5, 20), r.NextUniform(0.05, 0.95)], -2, 3,
            (eta, th, y, _) => y == 0
                ? Math.Log(th[1])
                : Math.Log(1 - th[1]) + NegBinomialLn(eta, th[0], y) - Math.Log(1 - Math.Exp(NegBinomialLn(eta, th[0], 0))),
            (eta, th, _) => HurdleVariance(Math.Exp(eta), Math.Exp(eta) + Math.Exp(2 * eta) / th[0], Math.Exp(NegBinomialLn(eta, th[0], 0)), th[1])),
    ];

    public static readonly FamilyCase[] All =
    [
        new("gaussian", (r, n) => Values(Fill(r, n, x => x.NextNormal(0, 2))), Sigma, -3, 3,
            (eta, th, y, _) => Normal.PDFLn(eta, th[0], y), (_, th, _) => th[0] * th[0]),
        new("gaussian(log)", (r, n) => Values(Fill(r, n, x => x.NextNormal(2, 1))), Sigma, -2, 2,
            (eta, th, y, _) => Normal.PDFLn(Math.Exp(eta), th[0], y), (_, th, _) => th[0] * th[0]),
        new("gaussian+se", (r, n) => KnownSe(r, n, 0), _ => [], -3, 3,
            (eta, _, y, se) => Normal.PDFLn(eta, se, y), (_, _, se) => se * se),
        new("gaussian(log)+se", (r, n) => KnownSe(r, n, 2), _ => [], -2, 2,
            (eta, _, y, se) => Normal.PDFLn(Math.Exp(eta), se, y), (_, _, se) => se * se),
        BernoulliCase("bernoulli", Logistic),
        BernoulliCase("bernoulli(probit)", Probit),
        BernoulliCase("bernoulli(cloglog)", Cloglog),
        BinomialCase("binomial", Logistic),
        BinomialCase("binomial(probit)", Probit),
        BinomialCase("binomial(cloglog)", Cloglog),
        new("poisson", (r, n) => Values(Fill(r, n, x => x.NextPoisson(x.NextUniform(0.1, 20)))), _ => [], -2, 3,
            (eta, _, y, _) => Poisson.PMFLn(Math.Exp(eta), (int)y), (eta, _, _) => Math.Exp(eta)),
        new("negbinomial", (r, n) => Values(Fill(r, n, x => x.NextPoisson(x.NextGamma(2) * x.NextUniform(0.1, 10)))),
            r => [r.NextUniform(0.5, 20)], -2, 3,
            (eta, th, y, _) => NegativeBinomial.PMFLn(th[0], th[0] / (Math.Exp(eta) + th[0]), (int)y),
            (eta, th, _) => Math.Exp(eta) + Math.Exp(2 * eta) / th[0]),
        new("gamma(log)", (r, n) => Values(Fill(r, n, x => x.NextGamma(2) * x.NextUniform(0.2, 5))), r => [r.NextUniform(0.5, 20)], -2, 2,
            (eta, th, y, _) => Gamma.PDFLn(th[0], th[0] / Math.Exp(eta), y), (eta, th, _) => Math.Exp(2 * eta) / th[0]),
        new("gamma", (r, n) => Values(Fill(r, n, x => x.NextGamma(2) * x.NextUniform(0.2, 5))), r => [r.NextUniform(0.5, 20)], 0.2, 3,
            (eta, th, y, _) => Gamma.PDFLn(th[0], th[0] * eta, y), (eta, th, _) => 1 / (eta * eta * th[0])),
        new("lognormal", (r, n) => Values(Fill(r, n, x => Math.Exp(x.NextNormal(0, 1.5)))), Sigma, -2, 2,
            (eta, th, y, _) => LogNormal.PDFLn(eta, th[0], y),
            (eta, th, _) => (Math.Exp(th[0] * th[0]) - 1) * Math.Exp(2 * eta + th[0] * th[0])),
        new("beta", (r, n) => Values(Fill(r, n, x => Math.Clamp(x.NextBeta(2, 3), 1e-6, 1 - 1e-6))), r => [r.NextUniform(1, 50)], -3, 3,
            (eta, th, y, _) => Beta.PDFLn(Logistic(eta) * th[0], Logistic(-eta) * th[0], y),
            (eta, th, _) => Logistic(eta) * Logistic(-eta) / (1 + th[0])),
        new("student", (r, n) => Values(Fill(r, n, x => x.NextNormal(0, 3))), r => [r.NextUniform(0.3, 3), r.NextUniform(1.2, 30)], -3, 3,
            (eta, th, y, _) => StudentT.PDFLn(eta, th[0], th[1], y),
            (_, th, _) => th[0] * th[0] * th[1] / (th[1] - 2)),
        .. ZeroCounts,
    ];

    public static IEnumerable<object[]> Cases() => All.Select(c => new object[] { c.Spec });

    public static FamilyCase Named(string spec) => All.Single(c => c.Spec == spec);

    /// <summary>The family of the case (the "+se" cases are gaussian with known standard errors in the data).</summary>
    public IFamily CreateFamily() => FamilySpec.Parse(Spec.Replace("+se", ""));

    public double[] Eta(RandomStream rng, int n) => Fill(rng, n, r => r.NextUniform(EtaLow, EtaHigh));
}
