// The categorical family inside the GLMM: one linear predictor per non-reference category, brms names, priors, gradients, hooks.
using System.Globalization;
using System.Text;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class CategoricalGlmmTests
{
    /// <summary>
    /// CSV text of y ~ categorical with η_c = a_c + b_c x + r_{g,c} (category 1 the reference), r_{g,c} ~ N(0, sd_c),
    /// for the categories <paramref name="labels"/>; J groups named s1, s2, ...
    /// </summary>
    internal static string Simulate(RandomStream rng, int n, int groups, string[] labels, double[] intercepts, double[] slopes, double[] sds)
    {
        int d = labels.Length - 1;
        var r = new double[d, groups];
        for (int c = 0; c < d; c++)
            for (int j = 0; j < groups; j++) r[c, j] = rng.NextNormal(0, sds[c]);
        var text = new StringBuilder("y,x,g\n");
        var p = new double[labels.Length];
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextStandardNormal();
            int g = i < groups ? i : rng.Next(groups);
            p[0] = 1;
            for (int c = 0; c < d; c++) p[c + 1] = Math.Exp(intercepts[c] + slopes[c] * x + r[c, g]);
            double u = rng.NextDouble() * p.Sum(), cumulative = 0;
            int k = 0;
            for (; k < labels.Length - 1; k++)
            {
                cumulative += p[k];
                if (u < cumulative) break;
            }
            text.Append(CultureInfo.InvariantCulture, $"\"{labels[k]}\",{x:R},s{g + 1}\n");
        }
        return text.ToString();
    }

    private static ModelFrame Frame(string csv, string formula) => ModelFrameBuilder.Build(DataTable.ParseCsv(csv), Formula.Parse(formula));

    private static readonly string[] NotesLabels = ["a", "B_1", "c.x"];

    private static ModelFrame NotesFrame(ulong seed = 1, int n = 60, int groups = 6, string formula = "y ~ x + (1 | g)") =>
        Frame(Simulate(new RandomStream(seed, 51), n, groups, NotesLabels, [0.2, -0.3], [0.5, -0.4], [0.7, 0.5]), formula);

    [Fact]
    public void TheCatalogueDataAreThisSimulation()
    {
        // models/categorical.csv: 500 observations in 25 groups, categories a (reference), B_1, c.x; known
        // intercepts (−0.5, 0.3), slopes (1.0, −0.7) and group-level sds (0.5, 0.8) for muB1 and mucx.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "models", "categorical.csv"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string expected = Simulate(new RandomStream(2026, 63), 500, 25, ["a", "B_1", "c.x"], [-0.5, 0.3], [1.0, -0.7], [0.5, 0.8]);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(dir.FullName, "models", "categorical.csv")));
    }

    [Fact]
    public void NamesMatchBrms()
    {
        // HGLM notes §6: brm(y ~ x + (1 | g), family = categorical) on y ∈ {a, B_1, c.x}.
        var model = GlmmModel.Create(NotesFrame(), FamilySpec.Parse("categorical"), []);
        Assert.Equal(
        [
            "b_muB1_Intercept", "b_mucx_Intercept", "b_muB1_x", "b_mucx_x", "sd_g__muB1_Intercept", "sd_g__mucx_Intercept",
            .. Enumerable.Range(1, 6).Select(j => $"r_g__muB1[s{j},Intercept]"),
            .. Enumerable.Range(1, 6).Select(j => $"r_g__mucx[s{j},Intercept]"),
        ], model.OutputNames);
        Assert.Equal(2, model.Structure.PredictorCount);
        Assert.Equal(
            ["Intercept_muB1", "Intercept_mucx", "b_muB1_x", "b_mucx_x", "sd_g__muB1_Intercept", "sd_g__mucx_Intercept"],
            model.PriorsUsed.Select(u => u.Parameter));
        // brms's defaults for the intercepts and sds; the slopes get the autoscaled normal of every non-gaussian family.
        Assert.Equal(new StudentTPrior(3, 0, 2.5).ToString(), model.PriorsUsed[0].Prior);
        Assert.Equal(new StudentTPrior(3, 0, 2.5).ToString(), model.PriorsUsed[4].Prior);
        Assert.StartsWith("normal(0, ", model.PriorsUsed[2].Prior);
        Assert.Equal(model.PriorsUsed[2].Prior, model.PriorsUsed[3].Prior);
    }

    [Fact]
    public void SlopesAndSeveralCovariatesAreListedCategoryByCategory()
    {
        var csv = Simulate(new RandomStream(2, 52), 80, 5, ["1", "2", "3", "4"], [0, 0.1, -0.1], [0.3, 0.2, 0.1], [0.5, 0.5, 0.5]);
        csv = csv.Replace("\"", "", StringComparison.Ordinal);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var withZ = new StringBuilder("y,x,g,z\n");
        for (int i = 1; i < lines.Length; i++) withZ.Append(lines[i]).Append(',').Append((i % 7) * 0.25).Append('\n');
        var frame = Frame(withZ.ToString(), "y ~ x + z + (1 + x | g)");
        Assert.Null(frame.Response.Levels); // integer codes 1..4: predictors mu2, mu3, mu4
        var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), []);
        var names = model.OutputNames;
        Assert.Equal(["b_mu2_Intercept", "b_mu3_Intercept", "b_mu4_Intercept", "b_mu2_x", "b_mu2_z", "b_mu3_x", "b_mu3_z", "b_mu4_x", "b_mu4_z"], names.Take(9));
        Assert.Equal(["sd_g__mu2_Intercept", "sd_g__mu2_x", "sd_g__mu3_Intercept", "sd_g__mu3_x", "sd_g__mu4_Intercept", "sd_g__mu4_x",
            "cor_g__mu2_Intercept__mu2_x", "cor_g__mu3_Intercept__mu3_x", "cor_g__mu4_Intercept__mu4_x"], names.Skip(9).Take(9));
        Assert.Equal("r_g__mu2[s1,Intercept]", names[18]);
        Assert.Equal("r_g__mu2[s1,x]", names[18 + 5]);
        Assert.Equal("r_g__mu4[s5,x]", names[^1]);
    }

    [Fact]
    public void CategoryNamesAreSanitisedAsBrmsDoes()
    {
        Assert.Equal(["muB1", "mucx", "mu2", "muab", "muab1"], BrmsNames.CategoryParameters(["B_1", "c.x", "2", "a b", "a.b"], "y"));
        Assert.Throws<InputException>(() => BrmsNames.CategoryParameters(["B_1", "B1"], "y"));
    }

    [Fact]
    public void PriorsByClassAndByCategory()
    {
        var frame = NotesFrame();
        var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"),
        [
            PriorSpec.Parse("b ~ normal(0, 2)"), PriorSpec.Parse("b_muB1 ~ normal(0, 1)"), PriorSpec.Parse("Intercept_mucx ~ normal(1, 3)"),
            PriorSpec.Parse("sd_g__mucx_Intercept ~ exponential(2)"),
        ]);
        // brms's centring: each category's Intercept_mu* prior applies to its centred intercept; b and b_mu* cover the slopes only.
        var prior = model.PriorsUsed.ToDictionary(u => u.Parameter, u => u.Prior);
        Assert.True(model.PriorsUsed.Single(u => u.Parameter == "Intercept_muB1").IsDefault);
        Assert.Equal("normal(0, 1)", prior["b_muB1_x"]);
        Assert.Equal("normal(1, 3)", prior["Intercept_mucx"]);
        Assert.Equal("normal(0, 2)", prior["b_mucx_x"]);
        Assert.Equal("exponential(2)", prior["sd_g__mucx_Intercept"]);
        Assert.True(model.PriorsUsed.Single(u => u.Parameter == "sd_g__muB1_Intercept").IsDefault);
        var all = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [PriorSpec.Parse("Intercept ~ normal(0, 4)"), PriorSpec.Parse("b_muB1_x ~ normal(0, 0.5)")]);
        prior = all.PriorsUsed.ToDictionary(u => u.Parameter, u => u.Prior);
        Assert.Equal("normal(0, 4)", prior["Intercept_muB1"]);
        Assert.Equal("normal(0, 4)", prior["Intercept_mucx"]);
        Assert.Equal("normal(0, 0.5)", prior["b_muB1_x"]);
        Assert.Contains("Intercept_muB1 ~", Assert.Throws<InputException>(() =>
            GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [PriorSpec.Parse("b_muB1_Intercept ~ normal(0, 1)")])).Message);
        // brms's center = FALSE: the intercepts are coefficients, b_muB1 covers b_muB1_Intercept.
        var uncentred = GlmmModel.Create(frame, FamilySpec.Parse("categorical"),
        [
            PriorSpec.Parse("b ~ normal(0, 2)"), PriorSpec.Parse("b_muB1 ~ normal(0, 1)"), PriorSpec.Parse("Intercept_mucx ~ normal(1, 3)"),
        ], new GlmmOptions { Center = false });
        prior = uncentred.PriorsUsed.ToDictionary(u => u.Parameter, u => u.Prior);
        Assert.Equal("normal(0, 1)", prior["b_muB1_Intercept"]);
        Assert.Equal("normal(1, 3)", prior["b_mucx_Intercept"]);
        Assert.Equal("normal(0, 2)", prior["b_mucx_x"]);

        var unknown = Assert.Throws<InputException>(() => GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [PriorSpec.Parse("b_muZ ~ normal(0, 1)")]));
        Assert.Contains("b_muB1, b_mucx", unknown.Message);
        Assert.Throws<InputException>(() => GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [PriorSpec.Parse("Intercept_muZ ~ normal(0, 1)")]));
        Assert.Throws<InputException>(() => GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [PriorSpec.Parse("b_x ~ normal(0, 1)")]));
        var noIntercept = NotesFrame(formula: "y ~ 0 + x + (1 | g)");
        Assert.Throws<InputException>(() => GlmmModel.Create(noIntercept, FamilySpec.Parse("categorical"), [PriorSpec.Parse("Intercept_muB1 ~ normal(0, 1)")]));
        // A one-predictor model has no per-category intercept class.
        var gaussian = Frame("y,x,g\n1,0.5,a\n2,0.1,b\n3,0.7,a\n", "y ~ x + (1 | g)");
        Assert.Throws<InputException>(() => GlmmModel.Create(gaussian, FamilySpec.Parse("gaussian"), [PriorSpec.Parse("Intercept_mu2 ~ normal(0, 1)")]));
    }

    [Fact]
    public void PriorDrawsFollowEachCategorysOwnPriors()
    {
        // Without centring (brms's center = FALSE) each category's b_mu* prior covers its intercept too.
        var model = GlmmModel.Create(NotesFrame(), FamilySpec.Parse("categorical"),
            [PriorSpec.Parse("b_muB1 ~ normal(1, 2)"), PriorSpec.Parse("b_mucx ~ normal(-1, 0.5)"), PriorSpec.Parse("sd_g__mucx_Intercept ~ exponential(2)")],
            new GlmmOptions { Center = false });
        var names = model.OutputNames.ToList();
        const int draws = 20000;
        var sum = new double[names.Count];
        var sumSq = new double[names.Count];
        var o = new double[names.Count];
        var rng = new RandomStream(8, 55);
        for (int d = 0; d < draws; d++)
        {
            model.DrawFromPrior(rng, o);
            for (int i = 0; i < o.Length; i++) { sum[i] += o[i]; sumSq[i] += o[i] * o[i]; }
        }
        void Moments(string name, double mean, double variance)
        {
            int i = names.IndexOf(name);
            double m = sum[i] / draws;
            Assert.True(Math.Abs(m - mean) < 4.5 * Math.Sqrt(variance / draws), $"{name}: mean {m}, expected {mean}");
        }
        Moments("b_muB1_Intercept", 1, 4);
        Moments("b_muB1_x", 1, 4);
        Moments("b_mucx_Intercept", -1, 0.25);
        Moments("b_mucx_x", -1, 0.25);
        Moments("sd_g__mucx_Intercept", 0.5, 0.25);
        // r = sd z with sd ~ exponential(2): mean 0, variance E sd² = 2 / 4.
        Moments("r_g__mucx[s3,Intercept]", 0, 0.5);
    }

    [Fact]
    public void GroupTermsThatCannotBeCopiedPerCategoryAreRefused()
    {
        var student = Assert.Throws<InputException>(() =>
            GlmmModel.Create(NotesFrame(formula: "y ~ x + (1 | gr(g, dist = \"student\"))"), FamilySpec.Parse("categorical"), []));
        Assert.Contains("normal group-level effects only", student.Message);
        var shared = Assert.Throws<InputException>(() =>
            GlmmModel.Create(NotesFrame(formula: "y ~ x + (1 | p | g) + (0 + x | p | g)"), FamilySpec.Parse("categorical"), []));
        Assert.Contains("(1 + x | p | g)", shared.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => NotesFrame(formula: "y ~ x + (1 || p | g)"));
        Assert.Throws<InputException>(() => NotesFrame(formula: "y ~ x + (1 | p + q | g)"));
    }

    [Fact]
    public void AnIdCorrelatesTheCategoriesEffectsAsBrmsNamesThem()
    {
        // brm(y ~ x + (1 | p | g), family = categorical): one correlated term over both categories.
        var model = GlmmModel.Create(NotesFrame(), FamilySpec.Parse("categorical"), []);
        var shared = GlmmModel.Create(NotesFrame(formula: "y ~ x + (1 | p | g)"), FamilySpec.Parse("categorical"), [PriorSpec.Parse("cor_g ~ lkj(2)")]);
        Assert.Equal(
        [
            "b_muB1_Intercept", "b_mucx_Intercept", "b_muB1_x", "b_mucx_x", "sd_g__muB1_Intercept", "sd_g__mucx_Intercept",
            "cor_g__muB1_Intercept__mucx_Intercept",
            .. Enumerable.Range(1, 6).Select(j => $"r_g__muB1[s{j},Intercept]"),
            .. Enumerable.Range(1, 6).Select(j => $"r_g__mucx[s{j},Intercept]"),
        ], shared.OutputNames);
        Assert.Equal(model.Dimension + 1, shared.Dimension);
        Assert.Contains(shared.PriorsUsed, u => u.Parameter == "cor_g" && u.Prior == "lkj(2)");
        Assert.Throws<InputException>(() => GlmmModel.Create(NotesFrame(), FamilySpec.Parse("categorical"), [PriorSpec.Parse("cor ~ lkj(2)")]));
        // With one linear predictor an ID on a single term changes nothing.
        var gaussian = "y,x,g\n1,0.5,a\n2,0.1,b\n3,0.7,a\n2.5,0.2,b\n";
        Assert.Equal(
            GlmmModel.Create(Frame(gaussian, "y ~ x + (1 | g)"), FamilySpec.Parse("gaussian"), []).OutputNames,
            GlmmModel.Create(Frame(gaussian, "y ~ x + (1 | p | g)"), FamilySpec.Parse("gaussian"), []).OutputNames);
        Assert.Throws<InputException>(() => GlmmModel.Create(Frame(gaussian, "y ~ x + (1 | p | g) + (0 + x | p | g)"), FamilySpec.Parse("gaussian"), []));
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        string[] formulas = ["y ~ x + (1 | g)", "y ~ x + (1 + x | g)", "y ~ 0 + x + (1 | g)", "y ~ x + (1 | g) + (1 | h)", "y ~ x + (x || g)", "y ~ 1",
            "y ~ x + (1 | p | g)", "y ~ x + (1 + x | p | g) + (1 | h)"];
        NumericalCheck.ForSeeds(25, seed =>
        {
            var rng = new RandomStream((ulong)seed, 53);
            int k = 2 + rng.Next(3), groups = 2 + rng.Next(5), n = 8 + rng.Next(40);
            var labels = Enumerable.Range(0, k).Select(c => ((char)('a' + c)).ToString()).ToArray();
            var csv = Simulate(rng, n, groups, labels, new double[k - 1], Enumerable.Repeat(0.5, k - 1).ToArray(), Enumerable.Repeat(0.8, k - 1).ToArray());
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var text = new StringBuilder(lines[0] + ",h,w\n");
            for (int i = 1; i < lines.Length; i++)
                text.Append(CultureInfo.InvariantCulture, $"{lines[i]},h{rng.Next(3)},{rng.NextUniform(-1, 1):R}\n");
            string formula = formulas[rng.Next(formulas.Length)];
            if (rng.Next(3) == 0) formula = formula.Replace("y ~ ", "y ~ offset(w) + ", StringComparison.Ordinal);
            var frame = Frame(text.ToString(), formula);
            PriorSpec[] priors = rng.Next(2) == 0 || formula == "y ~ 1" ? [] : [PriorSpec.Parse("b ~ normal(0.5, 2)"), PriorSpec.Parse("b_mub ~ normal(0, 1.5)")];
            if (priors.Length > 0 && !formula.Contains("0 +", StringComparison.Ordinal)) priors = [.. priors, PriorSpec.Parse("Intercept ~ student_t(3, 1, 2)")];
            var options = new GlmmOptions { MinimumSegmentLength = 1 + rng.Next(3), CenterPredictors = rng.Next(4) != 0, Center = rng.Next(3) != 0 };
            var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), priors, options);
            NumericalCheck.AssertGradient(model.Create(), ModelBuilder.RandomPosition(model, rng), 1e-5);
        });
    }

    [Theory]
    [InlineData("y ~ x + (1 + x | g)")]
    [InlineData("y ~ x + (1 + x | p | g)")]
    public void HooksAgreeWithTheLogDensityAndTheLinearPredictorLayout(string formula)
    {
        var rng = new RandomStream(4, 54);
        var frame = NotesFrame(3, 50, 5, formula);
        var model = GlmmModel.Create(frame, FamilySpec.Parse("categorical"), [], new GlmmOptions { MinimumSegmentLength = 2 });
        var position = ModelBuilder.RandomPosition(model, rng);
        var outputs = new double[model.OutputNames.Count];
        model.WriteOutputs(position, outputs, rng);
        var back = new double[model.Dimension];
        Assert.True(model.TryWritePosition(outputs, back));
        for (int i = 0; i < position.Length; i++) Assert.Equal(position[i], back[i], 1e-9);

        // eta is N × 2 column-major; check it element by element from the named outputs.
        int n = model.ObservationCount;
        var eta = new double[2 * n];
        model.LinearPredictor(outputs, eta);
        var names = model.OutputNames.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => outputs[t.i]);
        var x = model.Frame.Fixed.X;
        var term = model.Frame.Groups[0];
        string[] dpars = ["muB1", "mucx"];
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < n; i++)
            {
                double xi = x[i, 2]; // muB1_Intercept, mucx_Intercept, muB1_x, ...
                string level = term.Levels[term.LevelOfObservation[i]];
                double expected = names[$"b_{dpars[c]}_Intercept"] + names[$"b_{dpars[c]}_x"] * xi
                                  + names[$"r_g__{dpars[c]}[{level},Intercept]"] + names[$"r_g__{dpars[c]}[{level},x]"] * xi;
                Assert.Equal(expected, eta[c * n + i], 1e-10);
            }

        var ll = new double[n];
        model.PointwiseLogLikelihood(outputs, ll);
        var parts = model.EvaluateParts(position);
        Assert.Equal(ll.Sum(), parts.LogLikelihood, 1e-9 * (1 + Math.Abs(parts.LogLikelihood)));
        Assert.Equal(model.LogPrior(outputs), parts.LogPrior, 1e-9 * (1 + Math.Abs(parts.LogPrior)));
        for (int i = 0; i < n; i++)
        {
            double lse = Math.Log(1 + Math.Exp(eta[i]) + Math.Exp(eta[n + i]));
            int code = (int)frame.Response.Values[i];
            Assert.Equal((code == 0 ? 0 : eta[(code - 1) * n + i]) - lse, ll[i], 1e-12);
        }

        var replicate = new double[n];
        model.ReplicateResponse(outputs, rng, replicate);
        Assert.All(replicate, v => Assert.Contains(v, new[] { 0.0, 1.0, 2.0 }));
        var prior = new double[model.OutputNames.Count];
        model.DrawFromPrior(rng, prior);
        Assert.All(prior, v => Assert.True(double.IsFinite(v)));
        var refit = model.WithResponse(replicate);
        Assert.Equal(model.OutputNames, refit.OutputNames);
        Assert.True(double.IsFinite(refit.Evaluate(position, new double[model.Dimension])));
    }
}
