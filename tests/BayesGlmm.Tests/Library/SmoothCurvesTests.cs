// Smooth terms' conditional curves: the other terms at brms's reference values, one curve per by level, the smooth's own part.
using BayesGlmm.Analysis.Smooths;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Formulas;

namespace BayesGlmm.Tests.Library;

public sealed class SmoothCurvesTests
{
    private const string FormulaText = "y ~ z + h + f + s(x, by = f) + (1 | g)";

    /// <summary>
    /// With draws that are the same at every iteration, each curve is exactly η = b_Intercept + b_z·mean(z) (h at its
    /// reference level a) + b_fq·[level q] + f_level(x): the group-level effects left out, the smooth's own part from
    /// <see cref="SmoothCurves.Contribution"/>; the grid spans the observed x in 100 steps, the rug holds the level's x.
    /// </summary>
    [Fact]
    public void CurvesHoldTheOtherTermsAtTheirReferenceValues()
    {
        var rows = Enumerable.Range(0, 80).Select(i => (
            Y: Math.Sin(i / 8.0) + 0.1 * (i % 7), X: 0.5 + 0.125 * i, Z: 2.0 + (i * 37 % 11), H: "abc"[i % 3].ToString(), F: i % 4 < 2 ? "p" : "q", G: $"g{i % 5}")).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"bayesglmm-smooth-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "y,x,z,h,f,g\n" + string.Join("\n", rows.Select(r => FormattableString.Invariant($"{r.Y},{r.X},{r.Z},{r.H},{r.F},{r.G}"))) + "\n");
        PreparedModel prepared;
        try
        {
            prepared = ModelComposition.Prepare(new ModelSpec("smooth", path, FormulaText, "gaussian", [], []));
        }
        finally
        {
            File.Delete(path);
        }
        var model = (GlmmModel)prepared.Model;
        var term = Assert.Single(model.Frame.Smooths);
        Assert.Equal(2, term.Parts.Count);

        var random = new Random(3);
        var names = Enumerable.Range(0, model.Frame.Fixed.X.Columns).Select(model.Frame.Fixed.OutputName)
            .Concat(term.Parts.SelectMany(p => p.CoefficientNames)).Append("sd_g__Intercept").ToArray();
        var values = names.ToDictionary(n => n, _ => random.NextDouble() * 2 - 1);
        var draws = new Draws(names, 1, 3);
        for (int v = 0; v < names.Length; v++) draws.Chain(v, 0).Fill(values[names[v]]);

        var curves = SmoothCurves.Conditional(model, draws, prepared.Data!, Formula.Parse(FormulaText));
        Assert.Equal(2, curves.Count);
        double meanZ = rows.Average(r => r.Z);
        for (int p = 0; p < 2; p++)
        {
            var curve = curves[p];
            Assert.Equal(term.Parts[p].Level, curve.Level);
            Assert.Equal("x", curve.Covariate);
            Assert.Equal(SmoothCurves.Resolution, curve.Grid.Length);
            Assert.Equal(0.5, curve.Grid[0], 12);
            Assert.Equal(0.5 + 0.125 * 79, curve.Grid[^1], 12);
            Assert.Equal(rows.Count(r => r.F == curve.Level), curve.Observed.Length);
            var own = SmoothCurves.Contribution(term, draws, curve.Grid, p);
            Assert.NotNull(own);
            double reference = values["b_Intercept"] + values["b_z"] * meanZ + (curve.Level == "q" ? values["b_fq"] : 0);
            for (int k = 0; k < curve.Grid.Length; k++)
            {
                double expected = reference + own.Chain(k, 0)[0];
                Assert.Equal(expected, curve.Median[k], 10);
                Assert.Equal(expected, curve.Lower[k], 10);
                Assert.Equal(expected, curve.Upper[k], 10);
            }
        }
        // The two levels' smooth parts differ, so their curves do too.
        Assert.NotEqual(curves[0].Median[50], curves[1].Median[50]);
    }

    [Fact]
    public void ModelWithoutSmoothsHasNoCurves()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bayesglmm-smooth-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "y,x\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => FormattableString.Invariant($"{i * 0.3},{i}"))) + "\n");
        try
        {
            var prepared = ModelComposition.Prepare(new ModelSpec("plain", path, "y ~ x", "gaussian", [], []));
            var draws = new Draws(["b_Intercept", "b_x"], 1, 2);
            Assert.Empty(SmoothCurves.Conditional((GlmmModel)prepared.Model, draws, prepared.Data!, Formula.Parse("y ~ x")));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
