// Chains started around the marginal estimate: finite, apart, near the estimate, effects at their conditional modes; models it cannot start say so.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Estimation;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Estimation;

public sealed class EstimateStartTests
{
    [Theory]
    [InlineData("cbpp", EffectsRoute.Joint)]
    [InlineData("sleepstudy", EffectsRoute.Joint)]
    [InlineData("sleepstudy", EffectsRoute.Integrated)]
    [InlineData("eight_schools", EffectsRoute.Joint)]
    [InlineData("epilepsy", EffectsRoute.Joint)]
    public void ChainsStartApartNearTheEstimateWithEffectsAtTheirConditionalModes(string name, EffectsRoute route)
    {
        var model = Build(name, route);
        var start = EstimateStart.For(model);
        Assert.Equal(EstimateStart.DefaultMethod(model.Family), start.Estimate.Method);
        var density = model.Create();
        int d = model.Dimension;
        var latent = model.Structure.Blocks.Where(b => b.LatentCount > 0).SelectMany(b => Enumerable.Range(b.Layout.LatentOffset, b.LatentCount)).ToArray();
        Assert.Equal(route == EffectsRoute.Integrated, latent.Length == 0);
        var points = new List<double[]>();
        for (int chain = 0; chain < 4; chain++)
        {
            var position = new double[d];
            start.Write(chain, density, RandomStream.ForChain(3, chain), position);
            var gradient = new double[d];
            Assert.True(double.IsFinite(density.Evaluate(position, gradient)));
            Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
            // The effects sit at the mode of the density given the rest: their gradient is (nearly) zero.
            foreach (int i in latent) Assert.True(Math.Abs(gradient[i]) < 1e-2, $"{name}: gradient {gradient[i]} at latent {i}");
            // The coefficients lie within a few spreads of the estimate's standard errors.
            var outputs = new double[model.OutputNames.Count];
            model.WriteOutputs(position, outputs, new RandomStream(1));
            foreach (var row in start.Estimate.Rows.Where(r => r.Variable.StartsWith("b_", StringComparison.Ordinal)))
            {
                double value = outputs[model.OutputNames.ToList().IndexOf(row.Variable)];
                Assert.True(Math.Abs(value - row.Estimate) <= 5 * EstimateStart.Spread * row.StandardError, $"{row.Variable}: {value} against {row.Estimate} ± {row.StandardError}");
            }
            points.Add(position);
        }
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < a; b++) Assert.NotEqual(points[a], points[b]);
        // The chain's stream decides the point: the same stream gives the same point.
        var again = new double[d];
        start.Write(2, density, RandomStream.ForChain(3, 2), again);
        Assert.Equal(points[2], again);
    }

    [Fact]
    public void SdEstimatedAtZeroStartsAwayFromIt()
    {
        // Eight schools: REML puts the between-school sd at (or near) 0; the chains start at a tenth of the residual scale or above.
        var model = Build("eight_schools", EffectsRoute.Joint);
        var start = EstimateStart.For(model);
        int sd = model.OutputNames.ToList().IndexOf("sd_school__Intercept");
        var outputs = new double[model.OutputNames.Count];
        for (int chain = 0; chain < 4; chain++)
        {
            var position = new double[model.Dimension];
            start.Write(chain, model.Create(), RandomStream.ForChain(1, chain), position);
            model.WriteOutputs(position, outputs, new RandomStream(1));
            Assert.True(outputs[sd] > 0.1, $"sd {outputs[sd]}");
        }
    }

    [Fact]
    public void SingularFitWithACorrelatedSlopeStartsAtAFinitePoint()
    {
        // sleepstudy with a slope whose variance is estimated at 0 (the response is the day trend plus subject intercepts only):
        // REML reports sd_Subject__Days = 0 and its correlation as NaN; the chains start at a finite point all the same.
        var data = DataTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "Reference", "data", "sleepstudy.csv"));
        var frame = ModelFrameBuilder.Build(data, Formula.Parse("Reaction ~ Days + (Days | Subject)"));
        var rng = new RandomStream(8);
        var u = Enumerable.Range(0, frame.Groups[0].LevelCount).Select(_ => 30 * rng.NextStandardNormal()).ToArray();
        var y = Enumerable.Range(0, frame.ObservationCount)
            .Select(r => 250 + 10 * frame.Fixed.X[r, 1] + u[frame.Groups[0].LevelOfObservation[r]] + 20 * rng.NextStandardNormal()).ToArray();
        frame = frame.WithResponse(y);
        var model = GlmmModel.Create(frame, FamilySpec.Parse("gaussian"), [], new GlmmOptions { Effects = EffectsRoute.Joint });
        var start = EstimateStart.For(model);
        Assert.True(start.Estimate.Singular);
        var position = new double[model.Dimension];
        start.Write(0, model.Create(), RandomStream.ForChain(1, 0), position);
        var gradient = new double[model.Dimension];
        Assert.True(double.IsFinite(model.Create().Evaluate(position, gradient)));
    }

    [Theory]
    [InlineData("incidence | trials(size) ~ period + (1 | gr(herd, dist = \"student\"))", "binomial", "student effects")]
    [InlineData("incidence | trials(size) ~ period", "binomial", "at least one group-level term")]
    [InlineData("incidence ~ s(size) + (1 | herd)", "poisson", "smooth terms")]
    [InlineData("size ~ period + (1 | herd)", "cumulative", "cumulative family")]
    public void ModelsTheEstimateDoesNotCoverAreRefusedWithTheReason(string formula, string family, string reason)
    {
        var data = DataTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "Reference", "data", "cbpp.csv"), ["period"]);
        var model = GlmmModel.Create(ModelFrameBuilder.Build(data, Formula.Parse(formula)), FamilySpec.Parse(family), []);
        var e = Assert.Throws<InputException>(() => EstimateStart.For(model));
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PriorOnlyFitsAreRefused()
    {
        var data = DataTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "Reference", "data", "cbpp.csv"), ["period"]);
        var frame = ModelFrameBuilder.Build(data, Formula.Parse("incidence | trials(size) ~ period + (1 | herd)"));
        var model = GlmmModel.Create(frame, FamilySpec.Parse("binomial"), [], new GlmmOptions { PriorOnly = true });
        Assert.Contains("prior-only", Assert.Throws<InputException>(() => EstimateStart.For(model)).Message);
    }

    private static GlmmModel Build(string name, EffectsRoute route)
    {
        var row = ReferenceModelTests.Models.Select(r => (object[])r).Single(r => (string)r[0] == name);
        return ReferenceModelTests.Build((string)row[1], (string)row[2], (string)row[3], (string)row[4], (string)row[5], new GlmmOptions { Effects = route });
    }
}
