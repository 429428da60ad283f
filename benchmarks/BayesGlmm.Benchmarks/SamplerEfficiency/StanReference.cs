// Reads Stan's median ESS per gradient from the reference CSV copied beside the benchmark.
using System.Globalization;

namespace BayesGlmm.Benchmarks.SamplerEfficiency;

internal static class StanReference
{
    private const string RelativePath = "benchmarks/BayesGlmm.Benchmarks/SamplerEfficiency/stan_sampler_efficiency_median.csv";

    /// <summary>Finds the reference file by walking up from the binaries to the repository root.</summary>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Cannot find {RelativePath} above {AppContext.BaseDirectory}.");
    }

    /// <summary>(target, metric) → median_ess_per_grad_total.</summary>
    public static Dictionary<(string Target, string Metric), double> Load(string path)
    {
        var result = new Dictionary<(string, string), double>();
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        int t = Array.IndexOf(header, "target"), m = Array.IndexOf(header, "metric"), e = Array.IndexOf(header, "median_ess_per_grad_total");
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',').Select(x => x.Trim('"')).ToArray();
            result[(f[t], f[m])] = double.Parse(f[e], CultureInfo.InvariantCulture);
        }
        return result;
    }
}
