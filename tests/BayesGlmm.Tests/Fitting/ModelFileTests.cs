// Tests of model files: fields, paths relative to the file, sampler settings, and clear errors.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Fitting;

public sealed class ModelFileTests
{
    [Fact]
    public void ReadsEveryFieldWithTheDataPathRelativeToTheFile()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("models"));
        string path = dir.File("models/m.json");
        File.WriteAllText(path, """
            { "name": "cbpp", "data": "cbpp.csv", "formula": "incidence | trials(size) ~ period + (1 | herd)",
              "family": "binomial", "priors": ["b ~ normal(0, 5)"], "factors": ["period"],
              "sampler": { "chains": 3, "warmup": 500, "draws": 700, "seed": 9, "adapt_delta": 0.95, "max_treedepth": 12, "stepsize_jitter": 0.3, "metric": "dense",
                           "integrator": "leapfrog", "threads_per_chain": 2 } }
            """);
        var file = ModelFile.Load(path);
        Assert.Equal("cbpp", file.Model.Name);
        Assert.Equal(Path.GetFullPath(dir.File("models/cbpp.csv")), file.Model.DataPath);
        Assert.Equal("binomial", file.Model.Family);
        Assert.Equal(["b ~ normal(0, 5)"], file.Model.Priors);
        Assert.Equal(["period"], file.Model.Factors);
        Assert.Equal(new SamplerOptions { Chains = 3, Warmup = 500, Draws = 700, Seed = 9, AdaptDelta = 0.95, MaxTreeDepth = 12, StepSizeJitter = 0.3, Metric = MetricKind.Dense, Adaptation = AdaptationKind.Stan, Integrator = IntegratorKind.Leapfrog, ThreadsPerChain = 2 }, file.Settings);
    }

    [Fact]
    public void OptionalFieldsTakeDefaults()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mine.json");
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ x" }""");
        var file = ModelFile.Load(path);
        Assert.Equal("mine", file.Model.Name);
        Assert.Equal("gaussian", file.Model.Family);
        Assert.Empty(file.Model.Priors);
        Assert.Equal(new SamplerOptions(), file.Settings);
        Assert.False(file.Model.JointConjugateEffects);
    }

    [Fact]
    public void ConjugateEffectsCanBeSampledJointly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("h.json");
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ 1", "conjugate_effects": "joint" }""");
        Assert.True(ModelFile.Load(path).Model.JointConjugateEffects);
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ 1", "conjugate_effects": "marginal" }""");
        Assert.False(ModelFile.Load(path).Model.JointConjugateEffects);
    }

    [Fact]
    public void CentringOfNestedInterceptsIsAModelSetting()
    {
        using var dir = new TempDirectory();
        string path = dir.File("n.json");
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ 1 + (1 | a/b)" }""");
        Assert.Equal(HierarchicalCentring.Auto, ModelFile.Load(path).Model.Centring);
        foreach (var (name, centring) in new[] { ("none", HierarchicalCentring.None), ("nested", HierarchicalCentring.Nested), ("intercept", HierarchicalCentring.OnIntercept) })
        {
            File.WriteAllText(path, $$"""{ "data": "d.csv", "formula": "y ~ 1 + (1 | a/b)", "centring": "{{name}}" }""");
            Assert.Equal(centring, ModelFile.Load(path).Model.Centring);
        }
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ 1", "centring": "centred" }""");
        var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
        Assert.Contains("\"centring\" is 'centred'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CenterIsBrmsCenter()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.json");
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ x" }""");
        Assert.True(ModelFile.Load(path).Model.Center);
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ x", "center": false }""");
        Assert.False(ModelFile.Load(path).Model.Center);
    }

    [Fact]
    public void TheFisherAdaptationAndTheLowRankMetricAreSettings()
    {
        using var dir = new TempDirectory();
        string path = dir.File("f.json");
        File.WriteAllText(path, """{ "data": "d.csv", "formula": "y ~ 1", "sampler": { "adaptation": "fisher", "metric": "low_rank", "integrator": "walnuts" } }""");
        Assert.Equal(new SamplerOptions { Adaptation = AdaptationKind.Fisher, Metric = MetricKind.LowRank, Integrator = IntegratorKind.Walnuts }, ModelFile.Load(path).Settings);
    }

    [Theory]
    [InlineData("{ \"data\": \"d.csv\" }", "\"formula\" is missing")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ x\", \"center\": \"no\" }", "\"center\" must be true or false")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": 3 }", "\"formula\" must be a string")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"priors\": [1] }", "\"priors\" must be an array of strings")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"chains\": 1.5 } }", "\"sampler.chains\" is 1.5; it must be a whole number from 1 to 2147483647")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"metric\": \"unit\" } }", "\"sampler.metric\" is 'unit'; it must be diag, dense or low_rank")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"adaptation\": \"nutpie\" } }", "\"sampler.adaptation\" is 'nutpie'; it must be stan or fisher")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"integrator\": \"euler\" } }", "\"sampler.integrator\" is 'euler'; it must be leapfrog or walnuts")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"metric\": \"low_rank\", \"adaptation\": \"stan\" } }", "\"sampler.metric\" is low_rank; it must be diag or dense with adaptation stan")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"metric\": \"dense\", \"adaptation\": \"fisher\" } }", "\"sampler.metric\" is dense; it must be diag or low_rank with adaptation fisher")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"seed\": -3 } }", "\"sampler.seed\" is -3; it must be a whole number from 0 to 18446744073709551615")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"draws\": 10000000000 } }", "\"sampler.draws\" is 10000000000; it must be a whole number from 1 to 2147483647")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"adapt_delta\": 0 } }", "\"sampler.adapt_delta\" is 0; it must be a number strictly between 0 and 1")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"max_treedepth\": 0 } }", "\"sampler.max_treedepth\" is 0; it must be a whole number from 1 to 30")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"sampler\": { \"iter\": 2000 } }", "\"sampler.iter\" is not a sampler setting")]
    [InlineData("{ \"data\": ", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{ \"data\": \"d.csv\", \"formula\": \"y ~ 1\", \"conjugate_effects\": \"both\" }", "\"conjugate_effects\" is 'both'")]
    public void BadFilesAreInputErrorsNamingTheProblem(string text, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileSaysSo()
    {
        var e = Assert.Throws<InputException>(() => ModelFile.Load("/nonexistent/model.json"));
        Assert.Contains("model file not found", e.Message, StringComparison.Ordinal);
    }
}
