// Every family × link's ℓ and its η and parameter derivatives against finite differences and against the family's own pointwise likelihood.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Integrated;

public sealed class ObservationDerivativesTests
{
    /// <summary>(family, response, trials, known se, η range, θ) cases, one per family × link.</summary>
    internal static IEnumerable<(string Family, ResponseData Response, double EtaLow, double EtaHigh, double[] Theta)> Cases()
    {
        var rng = new RandomStream(42, 1);
        int n = 12;
        double[] Draw(Func<double> f) => Enumerable.Range(0, n).Select(_ => f()).ToArray();
        var trials = Draw(() => 1 + rng.Next(9));
        var successes = trials.Select(t => (double)rng.Next((int)t + 1)).ToArray();
        var binary = Draw(() => rng.Next(2));
        var counts = Draw(() => rng.Next(12));
        var positive = Draw(() => rng.NextUniform(0.2, 4));
        var unit = Draw(() => rng.NextUniform(0.05, 0.95));
        var real = Draw(() => rng.NextNormal(1, 2));
        var se = Draw(() => rng.NextUniform(0.5, 2));
        ResponseData R(double[] y, double[]? t = null, double[]? s = null) => new() { Name = "y", Values = y, Trials = t, KnownStandardErrors = s };
        yield return ("binomial(logit)", R(successes, trials), -4, 4, []);
        yield return ("binomial(probit)", R(successes, trials), -3, 3, []);
        yield return ("binomial(cloglog)", R(successes, trials), -4, 2, []);
        yield return ("bernoulli(logit)", R(binary), -4, 4, []);
        yield return ("bernoulli(cloglog)", R(binary), -6, 1.5, []);
        yield return ("poisson", R(counts), -2, 3, []);
        yield return ("negbinomial", R(counts), -2, 3, [2.5]);
        yield return ("gaussian", R(real), -3, 5, [1.3]);
        yield return ("gaussian", R(real, s: se), -3, 5, []);
        yield return ("gaussian(log)", R(positive), -1, 1.5, [0.8]);
        yield return ("lognormal", R(positive), -1, 1.5, [0.7]);
        yield return ("gamma(log)", R(positive), -1, 1.5, [2.2]);
        yield return ("gamma(inverse)", R(positive), 1, 3, [1.7]);
        yield return ("beta", R(unit), -2, 2, [6.0]);
        yield return ("student", R(real), -3, 5, [1.2, 4.5]);
    }

    public static TheoryData<int> CaseIndices => new(Enumerable.Range(0, Cases().Count()));

    private static double Fd(Func<double, double> f, double x)
    {
        double h = 1e-4 * Math.Max(1, Math.Abs(x));
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void EtaDerivativesMatchFiniteDifferencesAndTheFamily(int index)
    {
        var (name, response, low, high, theta) = Cases().ElementAt(index);
        var family = FamilySpec.Parse(name);
        var table = ObservationDerivatives.For(family, response);
        table.SetParameters(theta);
        var bound = family.Bind(response);
        Assert.Equal(bound.Parameters.Select(p => p.Name), table.Parameters.Select(p => p.Name));
        int n = response.Values.Length;
        var eta = Enumerable.Range(0, n).Select(i => low + (high - low) * (i + 0.5) / n).ToArray();
        var pointwise = new double[n];
        bound.Pointwise(eta, theta, pointwise);
        for (int i = 0; i < n; i++)
        {
            double value = table.Value(i, eta[i], out double d1, out double d2, out double d3);
            Assert.Equal(pointwise[i], value, 1e-10 * (1 + Math.Abs(value)));
            double F0(double e) => table.Value(i, e, out _, out _, out _);
            double F1(double e) { table.Value(i, e, out double a, out _, out _); return a; }
            double F2(double e) { table.Value(i, e, out _, out double b, out _); return b; }
            Assert.True(Math.Abs(Fd(F0, eta[i]) - d1) <= 1e-6 * (1 + Math.Abs(d1)), $"{name} obs {i}: ℓ' {d1} vs {Fd(F0, eta[i])}");
            Assert.True(Math.Abs(Fd(F1, eta[i]) - d2) <= 1e-6 * (1 + Math.Abs(d2)), $"{name} obs {i}: ℓ'' {d2} vs {Fd(F1, eta[i])}");
            Assert.True(Math.Abs(Fd(F2, eta[i]) - d3) <= 1e-6 * (1 + Math.Abs(d3)), $"{name} obs {i}: ℓ''' {d3} vs {Fd(F2, eta[i])}");
            if (table.IsLogConcave) Assert.True(d2 <= 0, $"{name} obs {i}: ℓ'' = {d2} > 0 for a log-concave family");
        }
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void ParameterDerivativesMatchFiniteDifferences(int index)
    {
        var (name, response, low, high, theta) = Cases().ElementAt(index);
        var table = ObservationDerivatives.For(FamilySpec.Parse(name), response);
        int f = theta.Length, n = response.Values.Length;
        var value = new double[f];
        var first = new double[f];
        var second = new double[f];
        for (int i = 0; i < n; i++)
        {
            double eta = low + (high - low) * (i + 0.5) / n;
            table.SetParameters(theta);
            table.ParameterDerivatives(i, eta, value, first, second);
            for (int j = 0; j < f; j++)
            {
                double At(double t, int order)
                {
                    var th = (double[])theta.Clone();
                    th[j] = t;
                    table.SetParameters(th);
                    double v = table.Value(i, eta, out double a, out double b, out _);
                    return order == 0 ? v : order == 1 ? a : b;
                }
                for (int order = 0; order < 3; order++)
                {
                    double numeric = Fd(t => At(t, order), theta[j]);
                    double analytic = order == 0 ? value[j] : order == 1 ? first[j] : second[j];
                    Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * (1 + Math.Abs(numeric)),
                        $"{name} obs {i}, parameter {j}, order {order}: analytic {analytic}, numeric {numeric}");
                }
            }
        }
    }

    [Fact]
    public void FamiliesWithSeveralPredictorsAreRefusedWithAMessage()
    {
        var response = new ResponseData { Name = "rating", Values = [1, 2, 3, 2] };
        var error = Assert.Throws<InputException>(() => ObservationDerivatives.For(FamilySpec.Parse("cumulative"), response));
        Assert.Contains("joint route", error.Message);
    }
}
