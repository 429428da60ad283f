// Tests of the brms-name to Stan-column mapping: safe identifiers, dotted indices, column-major contiguity.
using BayesGlmm.Output;

namespace BayesGlmm.Tests.Output;

public sealed class StanNameMapTests
{
    [Fact]
    public void GroupEffectsGetDottedColumnMajorIndices()
    {
        // brms order: every level of the first coefficient, then the next.
        var names = new List<string> { "b_Intercept", "b_floor" };
        string[] levels = ["AITKIN", "ANOKA", "LAC.QUI.PARLE"];
        foreach (string coef in new[] { "Intercept", "floor" })
            foreach (string level in levels) names.Add($"r_county[{level},{coef}]");
        names.Add("sigma");
        var map = StanNameMap.Build(names);
        Assert.Equal(
            ["b_Intercept", "b_floor", "r_county.1.1", "r_county.2.1", "r_county.3.1", "r_county.1.2", "r_county.2.2", "r_county.3.2", "sigma"],
            map.ColumnNames);
        var lac = map.Columns.Single(c => c.Variable == "r_county[LAC.QUI.PARLE,Intercept]");
        Assert.Equal("r_county.3.1", lac.Column);
        Assert.Equal("LAC.QUI.PARLE", lac.Level);
        Assert.Equal("Intercept", lac.Coefficient);
        Assert.Equal([3, 1], lac.Indices);
    }

    [Fact]
    public void InterleavedIndexedNamesAreMadeContiguousAndColumnMajor()
    {
        string[] names = ["r_g[a,Intercept]", "sigma", "r_g[a,x]", "r_g[b,Intercept]", "r_g[b,x]"];
        var map = StanNameMap.Build(names);
        Assert.Equal(["r_g.1.1", "r_g.2.1", "r_g.1.2", "r_g.2.2", "sigma"], map.ColumnNames);
        Assert.Equal([0, 3, 2, 4, 1], map.Columns.Select(c => c.OutputIndex));
        // Each indexed variable's columns are contiguous.
        var bases = map.Columns.Select(c => c.StanVariable).ToList();
        foreach (string b in bases.Distinct())
        {
            int first = bases.IndexOf(b), last = bases.LastIndexOf(b);
            Assert.All(bases.GetRange(first, last - first + 1), x => Assert.Equal(b, x));
        }
    }

    [Theory]
    [InlineData("b_zBase:Trt1", "b_zBase_Trt1")]
    [InlineData("sd_g1:g2__Intercept", "sd_g1_g2__Intercept")]
    [InlineData("cor_subject__Intercept__Days", "cor_subject__Intercept__Days")]
    [InlineData("b_IxE2", "b_IxE2")]
    [InlineData("x__", "x__x")]
    [InlineData("1abc", "v1abc")]
    [InlineData("a.b", "a_b")]
    public void IdentifiersAreStanSafe(string brms, string stan) => Assert.Equal(stan, StanNameMap.ToIdentifier(brms));

    [Fact]
    public void CutpointsKeepTheirNumbersAndCollisionsAreResolved()
    {
        string[] names = ["b_Intercept[2]", "b_Intercept[1]", "b_a:b", "b_a_b", "b_temp"];
        var map = StanNameMap.Build(names);
        Assert.Equal(["b_Intercept.1", "b_Intercept.2", "b_a_b", "b_a_b_2", "b_temp"], map.ColumnNames);
        Assert.Equal("b_Intercept[1]", map.Columns[0].Variable);
        Assert.Equal(map.ColumnNames.Count, map.ColumnNames.Distinct().Count());
        Assert.DoesNotContain(map.ColumnNames, c => c.Split('.')[0].EndsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public void InteractionGroupLevelsAndNumericLevels()
    {
        string[] names = ["r_g1:g2[a_x,Intercept]", "r_g1:g2[b_y,Intercept]", "r_herd[1,Intercept]", "r_herd[2,Intercept]"];
        var map = StanNameMap.Build(names);
        Assert.Equal(["r_g1_g2.1.1", "r_g1_g2.2.1", "r_herd.1.1", "r_herd.2.1"], map.ColumnNames);
    }

    [Fact]
    public void DottedNamesBecomeBracketed()
    {
        Assert.Equal("theta[2,1]", StanNameMap.ToBracketed("theta.2.1"));
        Assert.Equal("lp__", StanNameMap.ToBracketed("lp__"));
        Assert.Equal("mu[3]", StanNameMap.ToBracketed("mu.3"));
    }
}
