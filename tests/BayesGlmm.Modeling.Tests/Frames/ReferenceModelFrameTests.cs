// Frames of the reference models carry exactly the names brms 2.18 gave them, and every data set makes a frame.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Tests.Data;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class ReferenceModelFrameTests
{
    private static ModelFrame Frame(string file, string formula, params string[] factors) =>
        ModelFrameBuilder.Build(DataTable.ReadCsv(TestFiles.DataSet(file), factors.Length == 0 ? null : factors), Formula.Parse(formula));

    private static HashSet<string> ReferenceNames(string model) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", "names", model + ".txt"))
            .Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>The brms names a frame implies: b_, sd_, cor_ and every r_.</summary>
    private static IEnumerable<string> BrmsParameterNames(ModelFrame frame, bool ordinal = false)
    {
        foreach (var b in frame.Fixed.CoefficientNames)
            if (!(ordinal && b == "Intercept")) yield return "b_" + b;
        foreach (var g in frame.Groups)
        {
            foreach (var c in g.CoefficientNames) yield return $"sd_{g.Group}__{c}";
            if (g.Correlated)
                for (int j = 1; j < g.CoefficientCount; j++)
                    for (int i = 0; i < j; i++)
                        yield return $"cor_{g.Group}__{g.CoefficientNames[i]}__{g.CoefficientNames[j]}";
            foreach (var c in g.CoefficientNames)
                foreach (var level in g.Levels)
                    yield return $"r_{g.Group}[{level},{c}]";
        }
    }

    private static void AssertNames(string model, ModelFrame frame, bool ordinal = false, bool hglm = false)
    {
        var reference = ReferenceNames(model);
        var ours = BrmsParameterNames(frame, ordinal).Where(n => !(hglm && n.StartsWith("sd_", StringComparison.Ordinal))).ToList();
        Assert.Equal(ours.Count, ours.Distinct().Count());
        foreach (var name in ours) Assert.Contains(name, reference);
        // Every b_, sd_, cor_ and r_ of the reference is one of ours (cutpoints b_Intercept[k] aside).
        var expected = reference.Where(n => (n.StartsWith("b_", StringComparison.Ordinal) && !n.Contains('['))
            || (!hglm && n.StartsWith("sd_", StringComparison.Ordinal)) || n.StartsWith("cor_", StringComparison.Ordinal)
            || n.StartsWith("r_", StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sleepstudy()
    {
        var frame = Frame("sleepstudy.csv", "Reaction ~ 0 + Intercept + Days + (1 + Days | Subject)");
        Assert.Equal(180, frame.ObservationCount);
        Assert.Equal(["Intercept", "Days"], frame.Fixed.CoefficientNames);
        Assert.Equal(0, frame.Fixed.InterceptColumn);
        Assert.Equal(18, frame.Groups[0].LevelCount);
        Assert.True(frame.Groups[0].Correlated);
        AssertNames("sleepstudy", frame);
    }

    [Fact]
    public void Radon()
    {
        var frame = Frame("radon_mn.csv", "log_radon ~ 0 + Intercept + floor + (1 + floor | county)");
        Assert.Equal(919, frame.ObservationCount);
        Assert.Equal(85, frame.Groups[0].LevelCount);
        Assert.Equal(["c1", "c10", "c11"], frame.Groups[0].Levels.Take(3));
        AssertNames("radon", frame);
    }

    [Fact]
    public void Cbpp()
    {
        var frame = Frame("cbpp.csv", "incidence | trials(size) ~ 0 + Intercept + period + (1 | herd)");
        Assert.Equal(["Intercept", "period2", "period3", "period4"], frame.Fixed.CoefficientNames);
        Assert.Equal(56, frame.ObservationCount);
        Assert.Equal([2.0, 3, 4], frame.Response.Values.Take(3));
        Assert.Equal([14.0, 12, 9], frame.Response.Trials!.Take(3));
        Assert.Null(frame.Response.Levels);
        AssertNames("cbpp", frame);
    }

    [Fact]
    public void Cbpp_with_cbind_gives_the_same_trials()
    {
        var a = Frame("cbpp.csv", "incidence | trials(size) ~ period + (1 | herd)");
        var b = Frame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)");
        Assert.Equal(a.Response.Values, b.Response.Values);
        Assert.Equal(a.Response.Trials, b.Response.Trials);
        Assert.Equal(a.Fixed.X.Values, b.Fixed.X.Values);
    }

    [Fact]
    public void Epilepsy()
    {
        var frame = Frame("epilepsy.csv", "count ~ 0 + Intercept + zAge + zBase * Trt + (1 | patient) + (1 | obs)");
        Assert.Equal(["Intercept", "zAge", "zBase", "Trt1", "zBase:Trt1"], frame.Fixed.CoefficientNames);
        Assert.Equal(["patient", "obs"], frame.Groups.Select(g => g.Group));
        Assert.Equal(59, frame.Groups[0].LevelCount);
        Assert.Equal(236, frame.Groups[1].LevelCount);
        // zBase:Trt1 is zBase where Trt is 1, else 0.
        var x = frame.Fixed.X;
        for (int i = 0; i < x.Rows; i++) Assert.Equal(x[i, 2] * x[i, 3], x[i, 4]);
        AssertNames("epilepsy", frame);
    }

    [Fact]
    public void Pilots()
    {
        var frame = Frame("pilots.csv", "y ~ 0 + Intercept + (1 | scenario) + (1 | group)");
        Assert.Equal(["scenario", "group"], frame.Groups.Select(g => g.Group));
        AssertNames("pilots", frame);
    }

    [Fact]
    public void Wine()
    {
        var frame = Frame("wine.csv", "rating ~ temp + contact + (1 | judge)");
        Assert.Equal(["Intercept", "tempwarm", "contactyes"], frame.Fixed.CoefficientNames);
        Assert.Equal([2.0, 3, 3], frame.Response.Values.Take(3));
        AssertNames("wine", frame, ordinal: true);
    }

    [Fact]
    public void Eight_schools()
    {
        var frame = Frame("eight_schools.csv", "y | se(sigma) ~ 0 + Intercept + (1 | school)");
        Assert.Equal([15.0, 10, 16], frame.Response.KnownStandardErrors!.Take(3));
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], frame.Groups[0].Levels);
        AssertNames("eight_schools", frame);
    }

    [Fact]
    public void Pumps()
    {
        var frame = Frame("pumps.csv", "failures ~ 1 + offset(log(time)) + (1 | gr(pump, dist = \"gamma\"))");
        Assert.Equal(Math.Log(94.3), frame.Offset![0], 15);
        var g = Assert.Single(frame.Groups);
        Assert.Equal(RandomEffectDistribution.Gamma, g.Distribution);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString()), g.Levels);
        AssertNames("pumps", frame, hglm: true);
    }

    [Fact]
    public void Verbagg_has_a_categorical_response_coded_from_zero()
    {
        var frame = Frame("verbagg.csv", "r2 ~ Anger + Gender + btype + situ + (1 | id) + (1 | item)");
        Assert.Equal(["Intercept", "Anger", "GenderM", "btypescold", "btypeshout", "situself"], frame.Fixed.CoefficientNames);
        Assert.Equal(["N", "Y"], frame.Response.Levels);
        Assert.Equal([0.0, 0, 1], frame.Response.Values.Take(3));
        Assert.Equal(316, frame.Groups[0].LevelCount);
        Assert.Equal(24, frame.Groups[1].LevelCount);
    }

    [Fact]
    public void Insteval_with_an_interaction_group()
    {
        var frame = Frame("insteval.csv", "y ~ service + (1 | s) + (1 | d) + (1 | dept:service)");
        Assert.Equal(["Intercept", "service1"], frame.Fixed.CoefficientNames);
        Assert.Equal(73421, frame.ObservationCount);
        Assert.Equal(["s", "d", "dept:service"], frame.Groups.Select(g => g.Group));
        Assert.Equal(2972, frame.Groups[0].LevelCount);
        Assert.Equal(1128, frame.Groups[1].LevelCount);
        Assert.Equal(28, frame.Groups[2].LevelCount);
        Assert.Equal("1_0", frame.Groups[2].Levels[0]);
    }

    [Fact]
    public void Seeds_surgical_and_rats()
    {
        var seeds = Frame("seeds.csv", "r | trials(n) ~ seed * extract + (1 | plate)");
        Assert.Equal(["Intercept", "seed", "extract", "seed:extract"], seeds.Fixed.CoefficientNames);
        Assert.Equal(21, seeds.Groups[0].LevelCount);

        var surgical = Frame("surgical.csv", "deaths | trials(operations) ~ 1 + (1 | hospital)");
        Assert.Equal(12, surgical.Groups[0].LevelCount);
        Assert.Equal(47.0, surgical.Response.Trials![0]);

        var rats = Frame("rats.csv", "weight ~ day_c + (1 + day_c | rat)");
        Assert.Equal(["Intercept", "day_c"], rats.Fixed.CoefficientNames);
        Assert.Equal(30, rats.Groups[0].LevelCount);
        Assert.Equal(["r1", "r10", "r11"], rats.Groups[0].Levels.Take(3));
        Assert.Equal(["Intercept", "day_c"], rats.Groups[0].CoefficientNames);
    }
}
