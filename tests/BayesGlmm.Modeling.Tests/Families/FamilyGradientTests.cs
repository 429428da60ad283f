using BayesGlmm.Numerics.Random;
using FsCheck;
using FsCheck.Fluent;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>Evaluate's ∂/∂eta and ∂/∂theta against central finite differences, at random data, eta and theta.</summary>
public sealed class FamilyGradientTests
{
    private static void AssertNear(double analytic, double numeric, string what)
    {
        double tolerance = 1e-6 + 2e-5 * Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) <= tolerance, $"{what}: analytic {analytic:R}, finite difference {numeric:R}");
    }

    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void GradientMatchesCentralFiniteDifferences(string spec)
    {
        var c = FamilyCase.Named(spec);
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new RandomStream((ulong)seed, 11);
            int n = 1 + rng.Next(12);
            var likelihood = c.CreateFamily().Bind(c.Data(rng, n));
            var eta = c.Eta(rng, n);
            var theta = c.Theta(rng);
            var gEta = new double[n];
            var gTheta = new double[theta.Length];
            double value = likelihood.Evaluate(eta, theta, gEta, gTheta);
            Assert.True(double.IsFinite(value), $"{spec}: value {value}");
            var scratchEta = new double[n];
            var scratchTheta = new double[theta.Length];
            for (int i = 0; i < n; i++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(eta[i]));
                var up = (double[])eta.Clone();
                var down = (double[])eta.Clone();
                up[i] += h;
                down[i] -= h;
                double fd = (likelihood.Evaluate(up, theta, scratchEta, scratchTheta) - likelihood.Evaluate(down, theta, scratchEta, scratchTheta)) / (2 * h);
                AssertNear(gEta[i], fd, $"{spec} seed {seed}: d/deta[{i}]");
            }
            for (int k = 0; k < theta.Length; k++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(theta[k]));
                var up = (double[])theta.Clone();
                var down = (double[])theta.Clone();
                up[k] += h;
                down[k] -= h;
                double fd = (likelihood.Evaluate(eta, up, scratchEta, scratchTheta) - likelihood.Evaluate(eta, down, scratchEta, scratchTheta)) / (2 * h);
                AssertNear(gTheta[k], fd, $"{spec} seed {seed}: d/dtheta[{k}]");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("bernoulli(probit)", -40.0)]
    [InlineData("bernoulli(probit)", 40.0)]
    [InlineData("bernoulli", -800.0)]
    [InlineData("bernoulli(cloglog)", -40.0)]
    [InlineData("bernoulli(cloglog)", 6.0)]
    public void BinaryLinksStayFiniteFarIntoTheTails(string spec, double eta)
    {
        foreach (double y in new[] { 0.0, 1.0 })
        {
            var likelihood = Modeling.Families.FamilySpec.Parse(spec).Bind(new Modeling.Frames.ResponseData { Name = "y", Values = [y] });
            var g = new double[1];
            double value = likelihood.Evaluate([eta], [], g, []);
            Assert.False(double.IsNaN(value), $"{spec} y={y} eta={eta}: {value}");
            Assert.True(double.IsFinite(g[0]), $"{spec} y={y} eta={eta}: gradient {g[0]}");
            // The far-tail value matches the finite difference too.
            double h = 1e-4;
            double fd = (likelihood.Evaluate([eta + h], [], new double[1], []) - likelihood.Evaluate([eta - h], [], new double[1], [])) / (2 * h);
            if (double.IsFinite(value)) Assert.True(Math.Abs(fd - g[0]) <= 1e-4 * Math.Max(1, Math.Abs(g[0])), $"{spec} y={y} eta={eta}: {g[0]} vs {fd}");
        }
    }
}
