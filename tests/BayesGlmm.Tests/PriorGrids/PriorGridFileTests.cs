// Prior-grid files: the sets they hold, how a set overrides the model's priors, and errors that name file and line.
using System.Text;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Modeling;
using BayesGlmm.PriorGrids;

namespace BayesGlmm.Tests.PriorGrids;

public sealed class PriorGridFileTests
{
    private static IReadOnlyList<PriorSet> Parse(string json) => PriorGridFile.Parse(Encoding.UTF8.GetBytes(json), "grid.json");

    private static string ErrorOf(string json) => Assert.Throws<InputException>(() => Parse(json)).Message;

    [Fact]
    public void ReadsNamedSetsInOrderWithTheirLines()
    {
        var sets = Parse("""
            {
              // comments are allowed
              "wide": ["b ~ normal(0, 100)", "sd ~ student_t(3, 0, 10)"],
              "narrow": [
                "b ~ normal(0, 1)"
              ],
            }
            """);
        Assert.Equal(["wide", "narrow"], sets.Select(s => s.Name).ToArray());
        Assert.Equal(["b ~ normal(0, 100)", "sd ~ student_t(3, 0, 10)"], sets[0].Priors.ToArray());
        Assert.Equal([3, 4], sets.Select(s => s.Line).ToArray());
    }

    [Fact]
    public void ASetReplacesPriorsWithTheSameTargetAndAddsTheRest()
    {
        var set = new PriorSet("s", ["b ~ normal(0, 1)", "sd_g ~ exponential(2)"], 1);
        var merged = set.Apply(["b ~ normal(0, 10)", "b_x ~ normal(0, 3)", "sd ~ student_t(3, 0, 2.5)"]);
        Assert.Equal(["b_x ~ normal(0, 3)", "sd ~ student_t(3, 0, 2.5)", "b ~ normal(0, 1)", "sd_g ~ exponential(2)"], merged.ToArray());
    }

    [Theory]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\"],\n  \"b\": [\"b ~ nromal(0, 1)\"]\n}", "grid.json, line 3, prior set 'b': Prior 'b ~ nromal(0, 1)'")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\"]\n  \"b\": []\n}", "grid.json, line 3: not valid JSON")]
    [InlineData("{\n  \"a\": []\n}", "grid.json, line 2: the prior set 'a' lists no priors")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\"],\n  \"a\": [\"b ~ normal(0, 2)\"]\n}", "grid.json, line 3: a second prior set named 'a'")]
    [InlineData("{\n  \"model\": [\"b ~ normal(0, 1)\"]\n}", "grid.json, line 2: 'model' names the model's own priors")]
    [InlineData("{\n  \"../x\": [\"b ~ normal(0, 1)\"]\n}", "grid.json, line 2: the prior set name '../x'")]
    [InlineData("{\n  \"a\": \"b ~ normal(0, 1)\"\n}", "grid.json, line 2: the prior set 'a' must be an array")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\", 3]\n}", "grid.json, line 2: the prior set 'a' holds something other than a prior statement")]
    [InlineData("{\n  \"a\": [\"b ~ normal(0, 1)\",\n \"b ~ normal(0, 2)\"]\n}", "grid.json, line 3: the prior set 'a' gives 'b' two priors")]
    [InlineData("[\"b ~ normal(0, 1)\"]", "grid.json, line 1: a prior grid is a JSON object")]
    [InlineData("{}", "grid.json: the prior grid has no prior sets")]
    public void ErrorsNameTheFileTheLineAndWhatToDo(string json, string expected) =>
        Assert.StartsWith(expected, ErrorOf(json), StringComparison.Ordinal);

    [Fact]
    public void AMissingFileIsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => PriorGridFile.Load(Path.Combine(Path.GetTempPath(), "no-such-grid-" + Guid.NewGuid().ToString("N") + ".json")));
        Assert.Contains("cannot read the prior-grid file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTableKeepsParametersInOrderSetsSideBySideAndRoundTrips()
    {
        static SummaryRow Row(string v, double q50) => new(v, q50, 1, q50 - 1, q50, q50 + 1, 0.01, 0.01, 1000, 1000, 1.0);
        IReadOnlyList<SummaryRow> model = [Row("b_Intercept", 1), Row("sd_g__Intercept", 0.5), Row("r_g[a,Intercept]", 0.1), Row("lp__", -10)];
        IReadOnlyList<SummaryRow> wide = [Row("b_Intercept", 1.5), Row("sd_g__Intercept", 0.7), Row("r_g[a,Intercept]", 0.2), Row("lp__", -11)];
        var rows = PriorGridTable.Rows([("model", model), ("wide", wide)], includeEffects: false);
        Assert.Equal(["b_Intercept/model", "b_Intercept/wide", "sd_g__Intercept/model", "sd_g__Intercept/wide"],
            rows.Select(r => r.Variable + "/" + r.PriorSet).ToArray());
        Assert.Equal(6, PriorGridTable.Rows([("model", model), ("wide", wide)], includeEffects: true).Count);

        string path = Path.Combine(Path.GetTempPath(), "prior-grid-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var all = PriorGridTable.Rows([("model", model), ("wide", wide)], includeEffects: true);
            PriorGridTable.Write(path, all);
            Assert.Equal(all, PriorGridTable.Read(path));
            Assert.Contains("\"r_g[a,Intercept]\",model,", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }
}
