// Smooth-term bases, penalties and brms's fixed and random parts against mgcv's for the same data (Reference/smooths), up to column signs.
using System.Globalization;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Smooths;

namespace BayesGlmm.Modeling.Tests.Smooths;

public sealed class SmoothReferenceTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Reference", "smooths");

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The columns x, f, z of a data file.</summary>
    private static (double[] X, string[] F, double[] Z) Data(string file)
    {
        var rows = File.ReadLines(Path.Combine(Folder, file)).Skip(1).Select(l => l.Split(',')).ToArray();
        return (rows.Select(r => Number(r[0])).ToArray(), rows.Select(r => r[1]).ToArray(), rows.Select(r => Number(r[2])).ToArray());
    }

    /// <summary>The named matrices of a case file (matrix,row,col,value; 1-based indices).</summary>
    private static Dictionary<string, double[,]> Matrices(string name)
    {
        var entries = File.ReadLines(Path.Combine(Folder, name + ".csv")).Skip(1).Select(l => l.Split(','))
            .Select(p => (Name: p[0], Row: int.Parse(p[1], CultureInfo.InvariantCulture) - 1, Col: int.Parse(p[2], CultureInfo.InvariantCulture) - 1, Value: Number(p[3])))
            .ToArray();
        var result = new Dictionary<string, double[,]>();
        foreach (var g in entries.GroupBy(e => e.Name))
        {
            var m = new double[g.Max(e => e.Row) + 1, g.Max(e => e.Col) + 1];
            foreach (var e in g) m[e.Row, e.Col] = e.Value;
            result[g.Key] = m;
        }
        return result;
    }

    private static double[,] ToArray(Modeling.Frames.ColumnMajorMatrix m)
    {
        var a = new double[m.Rows, m.Columns];
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) a[i, j] = m[i, j];
        return a;
    }

    /// <summary>
    /// Asserts <paramref name="ours"/> equals <paramref name="reference"/> column by column up to one sign per column, and
    /// returns the signs; with <paramref name="signs"/> given (from the fitted data) the same signs must hold.
    /// </summary>
    private static int[] AssertEqualUpToSigns(double[,] reference, double[,] ours, string what, double tolerance, int[]? signs = null)
    {
        Assert.Equal(reference.GetLength(0), ours.GetLength(0));
        Assert.Equal(reference.GetLength(1), ours.GetLength(1));
        int rows = reference.GetLength(0), columns = reference.GetLength(1);
        double scale = 0;
        foreach (double v in reference) scale = Math.Max(scale, Math.Abs(v));
        var result = new int[columns];
        for (int j = 0; j < columns; j++)
        {
            double dot = 0;
            for (int i = 0; i < rows; i++) dot += reference[i, j] * ours[i, j];
            result[j] = signs?[j] ?? (dot < 0 ? -1 : 1);
            double worst = 0;
            for (int i = 0; i < rows; i++) worst = Math.Max(worst, Math.Abs(result[j] * ours[i, j] - reference[i, j]));
            Assert.True(worst <= tolerance * Math.Max(1, scale), $"{what}, column {j + 1}: largest difference {worst:G3} (scale {scale:G3})");
        }
        return result;
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "tp", "s(x)" }, { "tp_k5", "s(x, k = 5)" }, { "tp_even", "s(z, k = 6)" }, { "tp_knots", "s(z, k = 20)" },
        { "cr", "s(x, bs = \"cr\")" }, { "cr_k6", "s(x, bs = \"cr\", k = 6)" },
        { "tp_by", "s(x, by = f)" }, { "cr_by", "s(x, bs = \"cr\", k = 7, by = f)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BasisPenaltyAndBrmsPartsMatchMgcv(string name, string term)
    {
        var spec = Formula.Parse("y ~ " + term).Smooths.Single();
        var (x, f, z) = Data("smooth_data.csv");
        var (newX, newF, newZ) = Data("smooth_newdata.csv");
        var covariate = spec.Covariate.Deparse() == "x" ? x : z;
        var newCovariate = spec.Covariate.Deparse() == "x" ? newX : newZ;
        string[] levels = ["a", "b", "c"];
        var byRows = spec.By is null ? null : f.Select(v => Array.IndexOf(levels, v)).ToArray();
        var newByRows = spec.By is null ? null : newF.Select(v => Array.IndexOf(levels, v)).ToArray();
        var reference = Matrices(name);

        ISmoothBasis basis = spec.Basis == SmoothBasisKind.ThinPlate
            ? ThinPlateRegressionSpline.Create(covariate, spec.Dimension)
            : CubicRegressionSpline.Create(covariate, spec.Dimension);
        var signs = AssertEqualUpToSigns(reference["X"], ToArray(basis.Basis), $"{name} basis", 1e-7);
        int k = basis.Dimension;
        var penalty = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) penalty[i, j] = signs[i] * signs[j] * basis.Penalty[j * k + i];
        AssertEqualUpToSigns(reference["S"], penalty, $"{name} penalty", 1e-7, Enumerable.Repeat(1, k).ToArray());

        var smooth = SmoothTerm.Build(spec, covariate, spec.By is null ? null : levels, byRows);
        var predicted = smooth.Evaluate(newCovariate, newByRows);
        Assert.Equal(spec.By is null ? 1 : 3, smooth.Parts.Count);
        for (int p = 0; p < smooth.Parts.Count; p++)
        {
            var part = smooth.Parts[p];
            var fixedSigns = AssertEqualUpToSigns(reference[$"Xf_{p + 1}"], ToArray(part.Fixed), $"{name} part {p + 1} Xs", 1e-7);
            var randomSigns = AssertEqualUpToSigns(reference[$"Zs_{p + 1}"], ToArray(part.Random), $"{name} part {p + 1} Zs", 1e-7);
            AssertEqualUpToSigns(reference[$"new_Xf_{p + 1}"], ToArray(predicted[p].Fixed), $"{name} part {p + 1} Xs at new x", 1e-7, fixedSigns);
            AssertEqualUpToSigns(reference[$"new_Zs_{p + 1}"], ToArray(predicted[p].Random), $"{name} part {p + 1} Zs at new x", 1e-7, randomSigns);
        }
    }

    [Fact]
    public void NamesAreBrmss()
    {
        var (x, f, _) = Data("smooth_data.csv");
        var plain = SmoothTerm.Build(Formula.Parse("y ~ s(x)").Smooths.Single(), x);
        Assert.Equal("sds_sx_1", plain.Parts[0].SdName);
        Assert.Equal(["sx_1"], plain.Parts[0].FixedNames);
        Assert.Equal(Enumerable.Range(1, 8).Select(j => $"s_sx_1[{j}]"), plain.Parts[0].CoefficientNames);
        string[] levels = ["a", "b", "c"];
        var by = SmoothTerm.Build(Formula.Parse("y ~ f + s(x, by = f)").Smooths.Single(), x, levels, f.Select(v => Array.IndexOf(levels, v)).ToArray());
        Assert.Equal(["sds_sxfa_1", "sds_sxfb_1", "sds_sxfc_1"], by.Parts.Select(p => p.SdName));
        Assert.Equal(["sx:fa_1", "sx:fb_1", "sx:fc_1"], by.Parts.Select(p => p.FixedNames.Single()));
        Assert.Equal("s_sxfb_1[3]", by.Parts[1].CoefficientNames[2]);
        var transformed = SmoothTerm.Build(Formula.Parse("y ~ s(log(x + 1), bs = \"cr\", k = 5)").Smooths.Single(), x.Select(v => Math.Log(v + 1)).ToArray());
        Assert.Equal("sds_slogxP1_1", transformed.Parts[0].SdName);
        Assert.Equal(["slogxP1_1"], transformed.Parts[0].FixedNames);
    }
}
