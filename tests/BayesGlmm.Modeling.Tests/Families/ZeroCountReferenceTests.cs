// The zero-inflated and hurdle families' log densities against R's dpois/dnbinom mixtures as brms writes them (Reference/zero_counts).
using System.Globalization;
using BayesGlmm.Modeling.Families;

namespace BayesGlmm.Modeling.Tests.Families;

public sealed class ZeroCountReferenceTests
{
    private static IEnumerable<string[]> Rows() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Reference", "zero_counts", "zero_count_densities.csv")).Skip(1).Select(l => l.Split(','));

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void PointwiseAndEvaluateMatchR()
    {
        var rows = Rows().ToArray();
        Assert.Equal(240, rows.Length);
        foreach (var family in rows.GroupBy(r => r[0]))
        {
            foreach (var r in family)
            {
                double y = Number(r[1]), eta = Number(r[2]), p = Number(r[4]), expected = Number(r[5]);
                double[] theta = r[3] == "NA" ? [p] : [Number(r[3]), p];
                var likelihood = FamilySpec.Parse(family.Key).Bind(new() { Name = "y", Values = [y] });
                var pointwise = new double[1];
                likelihood.Pointwise([eta], theta, pointwise);
                double value = likelihood.Evaluate([eta], theta, new double[1], new double[theta.Length]);
                double tolerance = 1e-11 * Math.Max(1, Math.Abs(expected));
                Assert.True(Math.Abs(pointwise[0] - expected) <= tolerance, $"{family.Key} y={y} eta={eta} theta=[{string.Join(", ", theta)}]: {pointwise[0]:R} vs R {expected:R}");
                Assert.True(Math.Abs(value - expected) <= tolerance, $"{family.Key} y={y} eta={eta}: Evaluate {value:R} vs R {expected:R}");
            }
        }
    }
}
