// Tests of the CmdStan CSV writer and reader: exact layout, bit-for-bit round trip, files written by CmdStan.
using BayesGlmm.Output;
using FsCheck;
using FsCheck.Fluent;
using BayesGlmm.Sampling;

namespace BayesGlmm.Tests.Output;

public sealed class CmdStanCsvTests
{
    private static CmdStanRunInfo Info(int samples = 3) => new()
    {
        ModelName = "radon",
        ChainId = 2,
        Sampler = new SamplerOptions { Seed = 123, Warmup = 10, Chains = 4 },
        NumSamples = samples,
        DataFile = "radon_mn.csv",
        Start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Producer = "bayesglmm 0.1.0",
    };

    private static string WriteChain(TempDirectory dir, IReadOnlyList<double[]> draws, string[] columns, bool dense = false)
    {
        string path = dir.File("chain-2.csv");
        using var writer = new CmdStanCsvWriter(path, Info(draws.Count) with { Sampler = Info().Sampler with { Metric = dense ? MetricKind.Dense : MetricKind.Diagonal } }, columns);
        for (int i = 0; i < draws.Count; i++)
        {
            writer.WriteDraw(new SamplerStatistics(-10 - i, 0.9, 0.5, 3, 7, i == 1, 12.5 + i), draws[i]);
        }
        double[] metric = dense ? [2, 0.5, 0.5, 3] : [1.25, 0.75];
        writer.Complete(0.5, metric, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.25));
        return path;
    }

    [Fact]
    public void FileHasTheLinesCmdStanReadersNeed()
    {
        using var dir = new TempDirectory();
        string path = WriteChain(dir, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], ["b_Intercept", "r_g.1.1"]);
        string[] lines = File.ReadAllLines(path);
        string[] required =
        [
            "# stan_version_major = 2", "# stan_version_minor = 34", "# stan_version_patch = 0",
            "# model = radon", "# method = sample (Default)", "#     num_samples = 3", "#     num_warmup = 10",
            "#     save_warmup = 0", "#     thin = 1 (Default)", "#     adapt", "#       engaged = 1",
            "#       gamma = 0.05", "#       delta = 0.8", "#       kappa = 0.75", "#       t0 = 10",
            "#       init_buffer = 75", "#       term_buffer = 50", "#       window = 25",
            "#     algorithm = hmc (Default)", "#         engine = nuts (Default)", "#             max_depth = 10",
            "#         metric = diag_e", "#         stepsize = 1", "# id = 2", "#   seed = 123",
        ];
        int header = Array.IndexOf(lines, "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,b_Intercept,r_g.1.1");
        Assert.True(header > 0);
        foreach (string r in required)
        {
            int at = Array.IndexOf(lines, r);
            Assert.True(at >= 0 && at < header, $"missing or misplaced: {r}");
        }
        Assert.Equal("# Adaptation terminated", lines[header + 1]);
        Assert.Equal("# Step size = 0.5", lines[header + 2]);
        Assert.Equal("# Diagonal elements of inverse mass matrix:", lines[header + 3]);
        Assert.Equal("# 1.25, 0.75", lines[header + 4]);
        Assert.Equal("-10,0.9,0.5,3,7,0,12.5,1,2", lines[header + 5]);
        Assert.Equal("-11,0.9,0.5,3,7,1,13.5,3,4", lines[header + 6]);
        Assert.Equal("# ", lines[header + 8]);
        Assert.Equal("#  Elapsed Time: 1.500 seconds (Warm-up)", lines[header + 9]);
        Assert.Equal("#                2.250 seconds (Sampling)", lines[header + 10]);
        Assert.Equal("#                3.750 seconds (Total)", lines[header + 11]);
        Assert.Equal(header + 13, lines.Length);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void DenseMetricIsWrittenAsRows()
    {
        using var dir = new TempDirectory();
        string path = WriteChain(dir, [[1.0, 2.0]], ["a", "b"], dense: true);
        string[] lines = File.ReadAllLines(path);
        int title = Array.IndexOf(lines, "# Elements of inverse mass matrix:");
        Assert.Equal("# 2, 0.5", lines[title + 1]);
        Assert.Equal("# 0.5, 3", lines[title + 2]);
        Assert.Contains("#         metric = dense_e", lines);
        var file = CmdStanCsvReader.Read(path);
        Assert.True(file.DenseMetric);
        Assert.Equal([2, 0.5, 0.5, 3], file.InverseMetric);
    }

    [Fact]
    public void DrawsAreOnDiskBeforeTheChainEnds()
    {
        using var dir = new TempDirectory();
        string path = dir.File("chain-1.csv");
        using var writer = new CmdStanCsvWriter(path, Info(), ["x"]);
        writer.WriteDraw(new SamplerStatistics(-1, 1, 0.5, 1, 1, false, 1), [0.25]);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        string text = new StreamReader(stream).ReadToEnd();
        Assert.EndsWith("-1,1,0.5,1,1,0,1,0.25\n", text, StringComparison.Ordinal);
        Assert.Contains(CmdStanCsvWriter.MetricPlaceholder, text, StringComparison.Ordinal);
    }

    [Fact]
    public void InterruptedChainRecordsTheDrawsItHas()
    {
        using var dir = new TempDirectory();
        string path = WriteChain(dir, [[1.0], [2.0]], ["x"]);
        var file = CmdStanCsvReader.Read(path);
        Assert.Equal("2", file.Configuration["num_samples"]);
        Assert.Equal(2, file.RowCount);
    }

    [Fact]
    public void WriteThenReadGivesTheSameNumbersBitForBit()
    {
        var gen = ArbMap.Default.GeneratorFor<double>().ArrayOf(3).ArrayOf();
        Prop.ForAll(gen.ToArbitrary(), rows =>
        {
            var draws = rows.Where(r => r.Length == 3).ToArray();
            using var dir = new TempDirectory();
            string path = WriteChain(dir, draws, ["a", "b.1", "b.2"]);
            var file = CmdStanCsvReader.Read(path);
            if (file.RowCount != draws.Length) return false;
            for (int i = 0; i < draws.Length; i++)
                for (int j = 0; j < 3; j++)
                {
                    double got = file.Rows[i * file.Columns.Count + 7 + j];
                    if (BitConverter.DoubleToInt64Bits(got) != BitConverter.DoubleToInt64Bits(draws[i][j])
                        && !(double.IsNaN(got) && double.IsNaN(draws[i][j]))) return false;
                }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ExtremeValuesRoundTrip()
    {
        double[] values = [double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1 + 0.2, -0.0, 1e-310, Math.PI, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        using var dir = new TempDirectory();
        string path = WriteChain(dir, [values], values.Select((_, i) => "v" + i).ToArray());
        var file = CmdStanCsvReader.Read(path);
        for (int j = 0; j < values.Length; j++)
        {
            double got = file.Rows[7 + j];
            Assert.True(double.IsNaN(values[j]) ? double.IsNaN(got) : BitConverter.DoubleToInt64Bits(got) == BitConverter.DoubleToInt64Bits(values[j]), $"value {j}");
        }
        Assert.Contains(",nan,inf,-inf", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsAFileWrittenByCmdStan()
    {
        var file = CmdStanCsvReader.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "cmdstan", "bernoulli-1.csv"));
        Assert.Equal("5", file.Configuration["num_samples"]);
        Assert.Equal("bernoulli_model", file.Configuration["model"]);
        Assert.Equal("1234", file.Configuration["seed"]);
        Assert.Equal("bernoulli.data.json", file.Configuration["file"]);
        Assert.Equal(5, file.RowCount);
        Assert.Equal(0, file.WarmupRowCount);
        Assert.Equal(0.932037, file.StepSize);
        Assert.Equal([0.591014, 1.2, 0.8, 1.1, 0.9], file.InverseMetric);
        Assert.False(file.DenseMetric);
        Assert.Equal(TimeSpan.FromSeconds(0.004), file.WarmupTime);
        Assert.Equal(TimeSpan.FromSeconds(0.011), file.SamplingTime);
        Assert.Equal([0.211963, 0.260357, 0.233018, 0.313521, 0.0649823], file.Column("theta"));
        double[] beta21 = file.Column("beta.2.1");
        Assert.True(double.IsPositiveInfinity(beta21[2]));
        Assert.True(double.IsNaN(file.Column("beta.1.1")[2]));
        Assert.Equal(1e-300, file.Column("beta.2.2")[2]);

        var draws = CmdStanCsvReader.ToDraws([file, file]);
        Assert.Equal(2, draws.ChainCount);
        Assert.Equal(5, draws.IterationCount);
        Assert.Contains("beta[2,1]", draws.Variables);
        Assert.Equal(0.211963, draws.Chain(draws.IndexOf("theta"), 1)[0]);
    }

    [Fact]
    public void ReadsWarmupRowsAndADenseMetric()
    {
        var file = CmdStanCsvReader.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "cmdstan", "warmup-dense-1.csv"));
        Assert.Equal(2, file.WarmupRowCount);
        Assert.Equal(3, file.RowCount);
        Assert.Equal([1.0, 3, 5], file.Column("mu.1"));
        Assert.True(file.DenseMetric);
        Assert.Equal([1.5, 0.25, 0.25, 2], file.InverseMetric);
        Assert.Equal(0.85, file.StepSize);
    }

    [Fact]
    public void BadFilesAreInputErrors()
    {
        using var dir = new TempDirectory();
        Assert.Throws<BayesGlmm.Modeling.InputException>(() => CmdStanCsvReader.Read(dir.File("missing.csv")));
        File.WriteAllText(dir.File("ragged.csv"), "a,b\n1,2\n3\n");
        var e = Assert.Throws<BayesGlmm.Modeling.InputException>(() => CmdStanCsvReader.Read(dir.File("ragged.csv")));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        File.WriteAllText(dir.File("other.csv"), "a,c\n1,2\n");
        File.WriteAllText(dir.File("ok.csv"), "a,b\n1,2\n");
        Assert.Throws<BayesGlmm.Modeling.InputException>(() =>
            CmdStanCsvReader.ToDraws([CmdStanCsvReader.Read(dir.File("ok.csv")), CmdStanCsvReader.Read(dir.File("other.csv"))]));
    }
}
