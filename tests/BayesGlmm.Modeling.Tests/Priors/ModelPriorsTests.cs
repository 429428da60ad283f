// Priors in force: documented defaults scaled to the data, precedence of specific over general, errors for absent parameters.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace BayesGlmm.Modeling.Tests.Priors;

public sealed class ModelPriorsTests
{
    private static string R(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void GaussianDefaultsAreScaledToTheData()
    {
        var frame = OutputNameTests.Sleepstudy(["308", "309", "310"]);
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        var y = frame.Response.Values;
        double median = y.Median();
        double mad = 1.4826 * y.Select(v => Math.Abs(v - median)).Median();
        double location = Math.Round(median, 1), scale = Math.Max(2.5, Math.Round(mad, 1));
        double days = 2.5 * y.StandardDeviation() / frame.Fixed.X.Column(1).ToArray().StandardDeviation();
        double daysRounded = double.Parse(days.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
        [
            new PriorUse("b_Intercept", $"student_t(3, {R(location)}, {R(scale)})", true),
            new PriorUse("b_Days", $"normal(0, {R(daysRounded)})", true),
            new PriorUse("sd_Subject__Intercept", $"student_t(3, 0, {R(scale)})", true),
            new PriorUse("sd_Subject__Days", $"student_t(3, 0, {R(scale)})", true),
            new PriorUse("cor_Subject", "lkj(1)", true),
            new PriorUse("sigma", $"student_t(3, 0, {R(scale)})", true),
        ], model.PriorsUsed);
    }

    [Fact]
    public void CountAndBinomialDefaults()
    {
        var rng = new RandomStream(9);
        var frame = ModelBuilder.Random(rng, 50, 2, true, [new TermSpec("g", 5, 1)], new PoissonLog());
        var model = GlmmModel.Create(frame, new PoissonLog(), []);
        var t = frame.Response.Values.Select(v => Math.Log(v == 0 ? 0.1 : v)).ToArray();
        double median = t.Median();
        double mad = 1.4826 * t.Select(v => Math.Abs(v - median)).Median();
        Assert.Equal($"student_t(3, {R(Math.Round(median, 1))}, {R(Math.Max(2.5, Math.Round(mad, 1)))})", model.PriorsUsed[0].Prior);
        double sx = frame.Fixed.X.Column(1).ToArray().StandardDeviation();
        Assert.Equal($"normal(0, {R(double.Parse((2.5 / sx).ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture))})", model.PriorsUsed[1].Prior);

        var binomial = GlmmModel.Create(ModelBuilder.Random(rng, 30, 1, true, [], new BinomialLogit()), new BinomialLogit(), []);
        Assert.Equal([new PriorUse("Intercept", "student_t(3, 0, 2.5)", true)], binomial.PriorsUsed);

        var student = GlmmModel.Create(ModelBuilder.Random(rng, 30, 1, true, [], new StudentIdentity()), new StudentIdentity(), []);
        Assert.Equal(new PriorUse("nu", "gamma(2, 0.1)", true), student.PriorsUsed[^1]);
    }

    [Fact]
    public void SpecificPriorsWinOverGeneralOnes()
    {
        var frame = OutputNameTests.Sleepstudy(["1", "2"]);
        PriorUse[] Used(params string[] priors) =>
            GlmmModel.Create(frame, new GaussianIdentity(), priors.Select(PriorSpec.Parse).ToArray()).PriorsUsed.ToArray();

        // brms's 0 + Intercept: the class-b prior covers the intercept.
        var u = Used("b ~ normal(0, 500)", "sd ~ student_t(3, 0, 50)", "sigma ~ student_t(3, 0, 50)", "cor ~ lkj(2)");
        Assert.All(u, p => Assert.False(p.IsDefault));
        Assert.Equal(["normal(0, 500)", "normal(0, 500)", "student_t(3, 0, 50)", "student_t(3, 0, 50)", "lkj(2)", "student_t(3, 0, 50)"], u.Select(p => p.Prior));

        u = Used("b ~ normal(0, 500)", "Intercept ~ normal(250, 50)", "sd_Subject ~ exponential(1)", "sd_Subject__Days ~ gamma(2, 1)", "cor_Subject ~ lkj(3)");
        Assert.Equal(["normal(250, 50)", "normal(0, 500)", "exponential(1)", "gamma(2, 1)", "lkj(3)"], u.Take(5).Select(p => p.Prior));
        Assert.True(u[5].IsDefault);

        u = Used("Intercept ~ normal(250, 50)", "b_Intercept ~ normal(1, 2)", "b_Days ~ normal(0, 3)");
        Assert.Equal(["normal(1, 2)", "normal(0, 3)"], u.Take(2).Select(p => p.Prior));
    }

    [Theory]
    [InlineData("b_zAge ~ normal(0, 1)")]
    [InlineData("sd_patient ~ exponential(1)")]
    [InlineData("sd_Subject__x ~ exponential(1)")]
    [InlineData("cor_patient ~ lkj(2)")]
    [InlineData("shape ~ gamma(0.01, 0.01)")]
    [InlineData("nu ~ gamma(2, 0.1)")]
    [InlineData("lambda ~ exponential(1)")]
    [InlineData("df_Subject ~ gamma(2, 0.1)")]
    public void PriorsForAbsentParametersAreInputErrors(string text)
    {
        var frame = OutputNameTests.Sleepstudy(["1", "2"]);
        var e = Assert.Throws<InputException>(() => GlmmModel.Create(frame, new GaussianIdentity(), [PriorSpec.Parse(text)]));
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void OtherPriorErrors()
    {
        var rng = new RandomStream(4);
        var poisson = ModelBuilder.Random(rng, 20, 1, false, [new TermSpec("g", 3, 1)], new PoissonLog());
        Assert.Contains("sigma ~ normal(0, 1)", Assert.Throws<InputException>(() => GlmmModel.Create(poisson, new PoissonLog(), [PriorSpec.Parse("sigma ~ normal(0, 1)")])).Message);
        Assert.Contains("Intercept ~ normal(0, 1)", Assert.Throws<InputException>(() => GlmmModel.Create(poisson, new PoissonLog(), [PriorSpec.Parse("Intercept ~ normal(0, 1)")])).Message);
        Assert.Contains("cor ~ lkj(2)", Assert.Throws<InputException>(() => GlmmModel.Create(poisson, new PoissonLog(), [PriorSpec.Parse("cor ~ lkj(2)")])).Message);
        Assert.Contains("already", Assert.Throws<InputException>(() => GlmmModel.Create(poisson, new PoissonLog(), [PriorSpec.Parse("sd ~ normal(0, 1)"), PriorSpec.Parse("sd ~ cauchy(0, 1)")])).Message);
        var student = ModelBuilder.Random(rng, 20, 1, true, [], new StudentIdentity());
        Assert.Contains("nu ~ uniform(0, 0.5)", Assert.Throws<InputException>(() => GlmmModel.Create(student, new StudentIdentity(), [PriorSpec.Parse("nu ~ uniform(0, 0.5)")])).Message);
    }

    [Fact]
    public void PriorsUsedReadBackGiveTheSameModel()
    {
        var rng = new RandomStream(8);
        var frame = ModelBuilder.Random(rng, 40, 3, true, [new TermSpec("g", 4, 2), new TermSpec("h", 3, 1)], new StudentIdentity());
        var a = GlmmModel.Create(frame, new StudentIdentity(), []);
        var b = GlmmModel.Create(frame, new StudentIdentity(), a.PriorsUsed.Select(p => PriorSpec.Parse($"{p.Parameter} ~ {p.Prior}")).ToArray());
        Assert.Equal(a.PriorsUsed.Select(p => (p.Parameter, p.Prior)), b.PriorsUsed.Select(p => (p.Parameter, p.Prior)));
        Assert.All(b.PriorsUsed, p => Assert.False(p.IsDefault));
        var x = ModelBuilder.RandomPosition(a, rng);
        Assert.Equal(a.Evaluate(x, new double[a.Dimension]), b.Evaluate(x, new double[b.Dimension]), 1e-12);
    }

    [Fact]
    public void WithResponseKeepsThePriorsAndDesign()
    {
        var rng = new RandomStream(8);
        var frame = ModelBuilder.Random(rng, 40, 2, true, [new TermSpec("g", 4, 2)], new GaussianIdentity());
        var frame2 = DensityTests.Shuffle(frame, Enumerable.Range(0, 40).OrderBy(_ => rng.Next()).ToArray());
        var a = GlmmModel.Create(frame2, new GaussianIdentity(), [], new GlmmOptions { MinimumSegmentLength = 2 });
        var y = frame2.Response.Values.Select(v => 100 * v + 7).ToArray();
        var b = (GlmmModel)a.WithResponse(y);
        Assert.Equal(a.PriorsUsed, b.PriorsUsed);
        Assert.Equal(y, b.Frame.Response.Values);
        // The new model equals a fresh one on the new response with the old priors.
        var c = GlmmModel.Create(frame2.WithResponse(y), new GaussianIdentity(),
            a.PriorsUsed.Select(p => PriorSpec.Parse($"{p.Parameter} ~ {p.Prior}")).ToArray(), new GlmmOptions { MinimumSegmentLength = 2 });
        var x = ModelBuilder.RandomPosition(a, rng);
        Assert.Equal(c.Evaluate(x, new double[c.Dimension]), b.Evaluate(x, new double[b.Dimension]), 1e-9);
        Assert.NotEqual(a.Evaluate(x, new double[a.Dimension]), b.Evaluate(x, new double[b.Dimension]));
    }
}
