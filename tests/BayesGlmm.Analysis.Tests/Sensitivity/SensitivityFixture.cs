// Reads one case of the power-scaling reference (draws, expected table, Pareto diagnostics, weights).
using System.Globalization;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Tests.Sensitivity;

internal sealed class SensitivityFixture
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Reference", "sensitivity");

    private SensitivityFixture(string name)
    {
        var draws = Table($"draws_{name}.csv");
        int n = draws["mu"].Length;
        Parameters = new Draws(["mu", "sigma"], 4, n / 4);
        WithLogDensities = new Draws(["mu", "sigma", "lprior", "log_lik"], 4, n / 4);
        foreach (string v in new[] { "mu", "sigma", "lprior", "log_lik" })
            for (int c = 0; c < 4; c++)
            {
                ReadOnlySpan<double> chain = draws[v].AsSpan(c * (n / 4), n / 4);
                if (Parameters.IndexOf(v) >= 0) chain.CopyTo(Parameters.Chain(Parameters.IndexOf(v), c));
                chain.CopyTo(WithLogDensities.Chain(WithLogDensities.IndexOf(v), c));
            }
        LogPrior = draws["lprior"];
        LogLikelihood = draws["log_lik"];
        Expected = Rows($"expected_{name}.csv");
        Psis = Rows($"psis_{name}.csv");
        Weights = Table($"weights_{name}.csv");
    }

    public Draws Parameters { get; }

    public Draws WithLogDensities { get; }

    public double[] LogPrior { get; }

    public double[] LogLikelihood { get; }

    public List<Dictionary<string, string>> Expected { get; }

    public List<Dictionary<string, string>> Psis { get; }

    public Dictionary<string, double[]> Weights { get; }

    public static SensitivityFixture Load(string name) => new(name);

    public static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Rows(string file)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, file));
        string[] header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(f => header.Select((h, i) => (h, f[i])).ToDictionary(p => p.h, p => p.Item2)).ToList();
    }

    private static Dictionary<string, double[]> Table(string file)
    {
        var rows = Rows(file);
        return rows[0].Keys.ToDictionary(k => k, k => rows.Select(r => Number(r[k])).ToArray());
    }
}
