// The command line refuses a text response under a numeric family and numbers with decimal commas: exit code 2, one line, no output.
namespace BayesGlmm.Cli.Tests.Commands;

public sealed class TextInputCommandTests
{
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        { "y,x,g\nlow,0.1,a\nmedium,0.4,a\nhigh,0.2,b\nlow,0.9,b\n", "y ~ x + (1 | g)", "gaussian", ["column 'y' holds text", "data row 1 has 'low'", "cumulative", "categorical"] },
        { "y,x,g\nno,0.1,a\nyes,0.4,a\nyes,0.2,b\nno,0.9,b\n", "y ~ x + (1 | g)", "poisson", ["column 'y' holds text", "data row 1 has 'no'", "bernoulli"] },
        { "y,x,g\n\"1,5\",0.1,a\n\"2,5\",0.4,a\n\"0,5\",0.2,b\n\"1\",0.9,b\n", "y ~ x + (1 | g)", "gaussian", ["column 'y'", "data row 1 has '1,5'", "decimal comma"] },
        { "y,x,g\n1.5,\"0,1\",a\n2.5,\"0,4\",a\n0.5,\"0,2\",b\n1,\"0,9\",b\n", "y ~ x + (1 | g)", "gaussian", ["row 1, column 'x': '0,1'", "decimal comma", "declare it (\"factors\"). On the command line: --factor x."] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TextWhereNumbersBelongIsExitCode2NamingColumnRowAndValue(string csv, string formula, string family, string[] mentioned)
    {
        using var dir = new ScratchDirectory();
        string data = dir.File("data.csv");
        File.WriteAllText(data, csv);
        string outDir = dir.File("out");
        var run = CliRun.Of("fit", "--data", data, "--formula", formula, "--family", family,
            "--chains", "1", "--warmup", "10", "--draws", "10", "--out", outDir, "--quiet");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        foreach (var m in mentioned) Assert.Contains(m, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.False(Directory.Exists(outDir));
    }
}
