// Reported quantities carry brms's names in brms's order.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class OutputNameTests
{
    /// <summary>A frame shaped like lme4's sleepstudy: Reaction ~ 0 + Intercept + Days + (1 + Days | Subject).</summary>
    internal static ModelFrame Sleepstudy(string[] subjects)
    {
        int n = subjects.Length * 10;
        var x = new ColumnMajorMatrix(n, 2);
        var z = new ColumnMajorMatrix(n, 2);
        var level = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1; x[i, 1] = i % 10;
            z[i, 0] = 1; z[i, 1] = i % 10;
            level[i] = i / 10;
            y[i] = 250 + 10 * (i % 10) + 20 * Math.Sin(i);
        }
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "Reaction", Values = y },
            // As the reference model writes it: Reaction ~ 0 + Intercept + Days + (1 + Days | Subject).
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = ["Intercept", "Days"], InterceptColumn = 0, InterceptIsExplicit = true },
            Groups = [new GroupTerm { Group = "Subject", Levels = subjects, LevelOfObservation = level, CoefficientNames = ["Intercept", "Days"], Z = z, Correlated = true }],
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    [Fact]
    public void SleepstudyNamesMatchBrms()
    {
        var model = GlmmModel.Create(Sleepstudy(["308", "309", "310"]), new GaussianIdentity(), []);
        Assert.Equal(
        [
            "b_Intercept", "b_Days", "sd_Subject__Intercept", "sd_Subject__Days", "cor_Subject__Intercept__Days", "sigma",
            "r_Subject[308,Intercept]", "r_Subject[309,Intercept]", "r_Subject[310,Intercept]",
            "r_Subject[308,Days]", "r_Subject[309,Days]", "r_Subject[310,Days]",
        ], model.OutputNames);
        // 2 b + log sigma + 2 log sd + 1 partial correlation + 6 z.
        Assert.Equal(12, model.Dimension);
    }

    private static GroupTerm Term(string group, string[] coefs, bool correlated, int n, int levels)
    {
        var z = new ColumnMajorMatrix(n, coefs.Length);
        for (int i = 0; i < n; i++) for (int k = 0; k < coefs.Length; k++) z[i, k] = k == 0 ? 1 : i % 3;
        return new GroupTerm
        {
            Group = group,
            Levels = Enumerable.Range(1, levels).Select(l => $"{group[0]}{l}").ToArray(),
            LevelOfObservation = Enumerable.Range(0, n).Select(i => i % levels).ToArray(),
            CoefficientNames = coefs,
            Z = z,
            Correlated = correlated && coefs.Length > 1,
        };
    }

    private static ModelFrame Frame(params GroupTerm[] terms)
    {
        int n = terms[0].LevelOfObservation.Length;
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "y", Values = Enumerable.Range(0, n).Select(i => (double)(i % 5)).ToArray() },
            Fixed = new FixedEffectsDesign { X = new ColumnMajorMatrix(n, 1, Enumerable.Repeat(1.0, n).ToArray()), CoefficientNames = ["Intercept"], InterceptColumn = 0 },
            Groups = terms,
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    [Fact]
    public void GroupsAreListedByNameThenClass()
    {
        // Formula order (1 | scenario) + (1 + a + b | group) + (1 + a || block): brms lists groups by name, sd before cor.
        var frame = Frame(
            Term("scenario", ["Intercept"], true, 12, 2),
            Term("group", ["Intercept", "a", "b"], true, 12, 2),
            Term("block", ["Intercept", "a"], false, 12, 2));
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        Assert.Equal(
        [
            "b_Intercept",
            "sd_block__Intercept", "sd_block__a",
            "sd_group__Intercept", "sd_group__a", "sd_group__b",
            "sd_scenario__Intercept",
            "cor_group__Intercept__a", "cor_group__Intercept__b", "cor_group__a__b",
            "sigma",
            "r_block[b1,Intercept]", "r_block[b2,Intercept]", "r_block[b1,a]", "r_block[b2,a]",
            "r_group[g1,Intercept]", "r_group[g2,Intercept]", "r_group[g1,a]", "r_group[g2,a]", "r_group[g1,b]", "r_group[g2,b]",
            "r_scenario[s1,Intercept]", "r_scenario[s2,Intercept]",
        ], model.OutputNames);
        Assert.Equal(
        [
            "Intercept", "sd_block__Intercept", "sd_block__a", "sd_group__Intercept", "sd_group__a", "sd_group__b",
            "sd_scenario__Intercept", "cor_group", "sigma",
        ], model.PriorsUsed.Select(p => p.Parameter));
    }

    [Fact]
    public void WrittenOutputsAreConsistentWithTheirNames()
    {
        var frame = Sleepstudy(["308", "309", "310", "311"]);
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        var rng = new Numerics.Random.RandomStream(3);
        var x = ModelBuilder.RandomPosition(model, rng);
        var o = new double[model.OutputNames.Count];
        model.WriteOutputs(x, o, rng);
        var names = model.OutputNames.ToList();
        Assert.True(o[names.IndexOf("sd_Subject__Days")] > 0);
        Assert.InRange(o[names.IndexOf("cor_Subject__Intercept__Days")], -1, 1);
        // sigma is exp of its unconstrained value, which follows b in the position.
        Assert.Equal(Math.Exp(x[2]), o[names.IndexOf("sigma")], 1e-14);
        var eta = new double[frame.ObservationCount];
        model.LinearPredictor(o, eta);
        double expected = o[0] + o[1] * 3 + o[names.IndexOf("r_Subject[309,Intercept]")] + 3 * o[names.IndexOf("r_Subject[309,Days]")];
        Assert.Equal(expected, eta[13], 1e-10);
    }
}
