using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class LooCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bayesglmm-loo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathIn(string name) => Path.Combine(_directory, name);

    private static string ReferencePath(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "loo", name);

    private static double Parse(string s) => double.Parse(s.Trim('"'), CultureInfo.InvariantCulture);

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected) + 1e-12, $"{what}: {actual:R} vs {expected:R}");

    [Fact]
    public void ReproducesLoo251OnTheReferenceMatrix()
    {
        string output = PathIn("loo.csv"), pointwise = PathIn("pointwise.csv");
        var (code, stdout, stderr) = ConsoleCapture.Run("loo", "--log-lik", ReferencePath("loo_loglik.csv"), "--output", output, "--pointwise", pointwise);
        Assert.True(code == 0, stderr);
        Assert.Contains("elpd_loo", stdout);
        Assert.Contains("Pareto k", stdout);
        Assert.Contains("r_eff = 1", stdout);

        var expected = File.ReadAllLines(ReferencePath("loo_expected.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var actual = File.ReadAllLines(output);
        Assert.Equal("quantity,estimate,se", actual[0]);
        Assert.Equal(4, actual.Length);
        for (int r = 0; r < 3; r++)
        {
            var cells = actual[r + 1].Split(',');
            Assert.Equal(expected[r][0].Trim('"'), cells[0]);
            AssertRelative(Parse(expected[r][1]), Parse(cells[1]), cells[0]);
            AssertRelative(Parse(expected[r][2]), Parse(cells[2]), "se " + cells[0]);
        }

        var expectedPointwise = File.ReadAllLines(ReferencePath("loo_pointwise_expected.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var pointwiseLines = File.ReadAllLines(pointwise);
        Assert.Equal("observation,elpd_loo,p_loo,looic,mcse_elpd_loo,influence_pareto_k", pointwiseLines[0]);
        Assert.Equal(61, pointwiseLines.Length);
        for (int i = 0; i < 60; i++)
        {
            var cells = pointwiseLines[i + 1].Split(',');
            Assert.Equal($"V{i + 1}", cells[0]);
            AssertRelative(Parse(expectedPointwise[i][1]), Parse(cells[1]), $"elpd_loo[{i + 1}]");
            AssertRelative(Parse(expectedPointwise[i][2]), Parse(cells[2]), $"p_loo[{i + 1}]");
            AssertRelative(Parse(expectedPointwise[i][3]), Parse(cells[3]), $"looic[{i + 1}]");
            Assert.True(Parse(cells[4]) > 0);
            AssertRelative(Parse(expectedPointwise[i][4]), Parse(cells[5]), $"pareto_k[{i + 1}]");
        }
    }

    [Fact]
    public void AChainColumnGroupsTheDrawsAndGivesRelativeEfficiency()
    {
        // Three chains of AR(1) draws, written interleaved (chain 3, 1, 2, 3, 1, 2, ...).
        const int chains = 3, iterations = 200, n = 4;
        var rng = new RandomStream(21);
        var values = new double[chains * iterations * n];
        for (int m = 0; m < chains; m++)
        {
            double state = 0;
            for (int t = 0; t < iterations; t++)
            {
                state = 0.7 * state + 0.7 * rng.NextStandardNormal();
                for (int i = 0; i < n; i++) values[(m * iterations + t) * n + i] = -0.5 * Math.Pow(i - 1.5 + 0.5 * state, 2) - 1;
            }
        }
        var lines = new List<string> { ".chain,.iteration,.draw,y1,y2,y3,y4" };
        int[] chainOrder = [2, 0, 1];
        for (int t = 0; t < iterations; t++)
            foreach (int m in chainOrder)
                lines.Add(string.Join(',', new[] { (m + 1).ToString(CultureInfo.InvariantCulture), (t + 1).ToString(CultureInfo.InvariantCulture), "0" }
                    .Concat(Enumerable.Range(0, n).Select(i => values[(m * iterations + t) * n + i].ToString("R", CultureInfo.InvariantCulture)))));
        string input = PathIn("chains.csv"), pointwise = PathIn("pw.csv");
        File.WriteAllLines(input, lines);

        var (code, stdout, stderr) = ConsoleCapture.Run("loo", "--log-lik", input, "--pointwise", pointwise);
        Assert.True(code == 0, stderr);
        Assert.Contains("r_eff from the chains", stdout);

        var expected = LeaveOneOut.Compute(new LogLikelihoodMatrix(values, chains * iterations, n, chains));
        var rows = File.ReadAllLines(pointwise).Skip(1).Select(l => l.Split(',')).ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal($"y{i + 1}", rows[i][0]);
            Assert.Equal(expected.PointwiseElpdLoo[i], Parse(rows[i][1]));
            Assert.Equal(expected.PointwiseMcseElpdLoo[i], Parse(rows[i][4]));
            Assert.Equal(expected.ParetoK[i], Parse(rows[i][5]));
        }
        Assert.True(expected.RelativeEfficiency.All(r => r < 0.9));
    }

    [Fact]
    public void RowNamesWrittenByRAreSkipped()
    {
        string plain = PathIn("plain.csv"), named = PathIn("named.csv"), out1 = PathIn("o1.csv"), out2 = PathIn("o2.csv");
        var rng = new RandomStream(4);
        var rows = Enumerable.Range(0, 100).Select(_ => (-1 - rng.NextDouble(), -2 + 0.5 * rng.NextStandardNormal())).ToArray();
        File.WriteAllLines(plain, new[] { "\"a\",\"b\"" }.Concat(rows.Select(r => FormattableString.Invariant($"{r.Item1:R},{r.Item2:R}"))));
        File.WriteAllLines(named, new[] { "\"\",\"a\",\"b\"" }.Concat(rows.Select((r, k) => FormattableString.Invariant($"\"{k + 1}\",{r.Item1:R},{r.Item2:R}"))));
        Assert.Equal(0, ConsoleCapture.Run("loo", "--log-lik", plain, "--output", out1).ExitCode);
        Assert.Equal(0, ConsoleCapture.Run("loo", "--log-lik", named, "--output", out2).ExitCode);
        Assert.Equal(File.ReadAllText(out1), File.ReadAllText(out2));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "a,b\n1,2\n3\n", "row 2", "cells" },
        { "a,b\n1,2\n3,x1\n", "row 2, column 'b'", "not a number" },
        { "a,b\n1,NA\n", "row 1, column 'b'", "missing" },
        { "a,b\n1,2\n-Inf,2\n", "row 2, column 'a'", "finite" },
        { "a,b\n1,2\nNaN,2\n", "row 2, column 'a'", "finite" },
        { "a,b\n", "no draws", "" },
        { "", "empty", "" },
        { ".chain,a\n1,-1\n1,-2\n2,-1\n", "different numbers of draws", "chain 2: 1" },
        { ".chain,a\n0,-1\n", "column '.chain'", "chain number" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadInputIsOneClearLineWithExitCode2AndNothingWritten(string contents, string where, string what)
    {
        string input = PathIn("bad.csv"), output = PathIn("out.csv"), pointwise = PathIn("pw.csv");
        File.WriteAllText(input, contents);
        var (code, _, stderr) = ConsoleCapture.Run("loo", "--log-lik", input, "--output", output, "--pointwise", pointwise);
        Assert.Equal(2, code);
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errorLines);
        Assert.Contains("bad.csv", stderr);
        Assert.Contains(where, stderr);
        Assert.Contains(what, stderr);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(pointwise));
    }

    [Fact]
    public void AMissingFileIsBadInput()
    {
        string output = PathIn("out.csv");
        var (code, _, stderr) = ConsoleCapture.Run("loo", "--log-lik", PathIn("absent.csv"), "--output", output);
        Assert.Equal(2, code);
        Assert.Contains("absent.csv", stderr);
        Assert.Contains("does not exist", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AMissingLogLikOptionIsBadInput()
    {
        var (code, _, stderr) = ConsoleCapture.Run("loo");
        Assert.Equal(2, code);
        Assert.Contains("--log-lik", stderr);
    }

    [Fact]
    public void MainWritesToTheConsole()
    {
        string input = PathIn("ok.csv");
        File.WriteAllText(input, "a\n-1\n-2\n");
        var original = Console.Out;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            Assert.Equal(0, BayesGlmm.Cli.Program.Main(["loo", "--log-lik", input]));
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Contains("elpd_loo", captured.ToString());
    }

    [Fact]
    public void AnOutputInAMissingDirectoryIsBadInput()
    {
        string input = PathIn("ok.csv");
        File.WriteAllText(input, "a\n-1\n-2\n");
        var (code, _, stderr) = ConsoleCapture.Run("loo", "--log-lik", input, "--output", Path.Combine(_directory, "no", "such", "out.csv"));
        Assert.Equal(2, code);
        Assert.Contains("--output", stderr);
    }
}
