using BayesGlmm.Modeling.Families;
using BayesGlmm.Numerics.Random;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>Evaluate's value equals the sum of Pointwise, and Pointwise equals MathNet.Numerics' log density.</summary>
public sealed class FamilyOracleTests
{
    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void ValueIsTheSumOfPointwiseAndMatchesMathNet(string spec)
    {
        var c = FamilyCase.Named(spec);
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new RandomStream((ulong)seed, 12);
            int n = 1 + rng.Next(30);
            var response = c.Data(rng, n);
            var likelihood = c.CreateFamily().Bind(response);
            Assert.Equal(n, likelihood.ObservationCount);
            var eta = c.Eta(rng, n);
            var theta = c.Theta(rng);
            double value = likelihood.Evaluate(eta, theta, new double[n], new double[theta.Length]);
            var pointwise = new double[n];
            likelihood.Pointwise(eta, theta, pointwise);
            double sum = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                double expected = c.Oracle(eta[i], theta, response.Values[i], FamilyCase.Side(response, i));
                Assert.True(Math.Abs(expected - pointwise[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
                    $"{spec} seed {seed} obs {i}: pointwise {pointwise[i]:R}, MathNet {expected:R}");
                sum += pointwise[i];
                scale += Math.Abs(pointwise[i]);
            }
            Assert.True(Math.Abs(sum - value) <= 1e-12 * Math.Max(1, scale), $"{spec} seed {seed}: Evaluate {value:R}, Σ pointwise {sum:R}");
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void WithResponseRebindsTheSameFamily(string spec)
    {
        var c = FamilyCase.Named(spec);
        var rng = new RandomStream(5);
        var a = c.Data(rng, 9);
        var b = c.Data(rng, 9);
        // Binomial: the failures are valid successes for the same trials.
        var values = a.Trials is { } trials ? a.Values.Zip(trials, (y, t) => t - y).ToArray() : b.Values;
        var bound = c.CreateFamily().Bind(a).WithResponse(values);
        var direct = c.CreateFamily().Bind(a with { Values = values });
        var eta = c.Eta(rng, 9);
        var theta = c.Theta(rng);
        Assert.Equal(direct.Evaluate(eta, theta, new double[9], new double[theta.Length]), bound.Evaluate(eta, theta, new double[9], new double[theta.Length]));
        Assert.Throws<ArgumentException>(() => bound.WithResponse(new double[3]));
    }

    [Fact]
    public void ParametersFollowBrmsNamesAndBounds()
    {
        Assert.Equal(["sigma"], FamilySpec.Parse("gaussian").Bind(new() { Name = "y", Values = [1.0] }).Parameters.Select(p => p.Name));
        Assert.Empty(FamilySpec.Parse("gaussian").Bind(new() { Name = "y", Values = [1.0], KnownStandardErrors = [1.0] }).Parameters);
        Assert.Equal(["shape"], FamilySpec.Parse("negbinomial").Bind(new() { Name = "y", Values = [1.0] }).Parameters.Select(p => p.Name));
        Assert.Equal(["shape"], FamilySpec.Parse("gamma").Bind(new() { Name = "y", Values = [1.0] }).Parameters.Select(p => p.Name));
        Assert.Equal(["phi"], FamilySpec.Parse("beta").Bind(new() { Name = "y", Values = [0.5] }).Parameters.Select(p => p.Name));
        var student = FamilySpec.Parse("student").Bind(new() { Name = "y", Values = [1.0] }).Parameters;
        Assert.Equal(["sigma", "nu"], student.Select(p => p.Name));
        Assert.Equal(1.0, student[1].LowerBound);
        Assert.Empty(FamilySpec.Parse("binomial").Bind(new() { Name = "y", Values = [1.0], Trials = [3.0] }).Parameters);
        // brms: zi and hu in (0, 1), after shape for the negative binomials.
        foreach (var (family, names) in new[]
        {
            ("zero_inflated_poisson", new[] { "zi" }), ("zero_inflated_negbinomial", new[] { "shape", "zi" }),
            ("hurdle_poisson", new[] { "hu" }), ("hurdle_negbinomial", new[] { "shape", "hu" }),
        })
        {
            var parameters = FamilySpec.Parse(family).Bind(new() { Name = "y", Values = [0.0, 2.0] }).Parameters;
            Assert.Equal(names, parameters.Select(p => p.Name));
            Assert.Equal((0.0, 1.0), (parameters[^1].LowerBound, parameters[^1].UpperBound));
            if (names.Length == 2) Assert.Equal(double.PositiveInfinity, parameters[0].UpperBound);
        }
    }

    [Fact]
    public void MeanIsTheInverseLinkTimesTrials()
    {
        var binomial = FamilySpec.Parse("binomial").Bind(new() { Name = "y", Values = [1.0, 2.0], Trials = [3.0, 10.0] });
        Assert.Equal(10.0 / (1 + Math.Exp(-0.3)), binomial.Mean(0.3, [], 1), 1e-14);
        Assert.Equal(1.0 / 2.5, FamilySpec.Parse("gamma").Bind(new() { Name = "y", Values = [1.0] }).Mean(2.5, [3.0], 0), 1e-15);
        Assert.Equal(Math.Exp(0.7 + 0.5 * 0.25), FamilySpec.Parse("lognormal").Bind(new() { Name = "y", Values = [1.0] }).Mean(0.7, [0.5], 0), 1e-14);
    }
}
